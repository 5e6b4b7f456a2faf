#include "api/http_server.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

#include <algorithm>
#include <chrono>

#include "api/json_util.h"
#include "api/request_reading.h"
#include "db/connection.h"

namespace pigeon::host {

namespace {

std::string pathOf(const Poco::Net::HTTPServerRequest& req) {
  const auto& uri = req.getURI();
  return uri.substr(0, uri.find('?'));
}

class ApiHandler : public Poco::Net::HTTPRequestHandler {
public:
  ApiHandler(const Router& router, Authenticator& auth, Metrics& metrics, std::size_t maxBody)
      : router_(router), auth_(auth), metrics_(metrics), maxBody_(maxBody) {}

  void handleRequest(Poco::Net::HTTPServerRequest& req,
                     Poco::Net::HTTPServerResponse& resp) override {
    const auto started = std::chrono::steady_clock::now();
    ApiResponse out;
    try {
      out = dispatch(req);
    } catch (const ApiError& e) {
      out = {e.status(), errorBody(e.code(), e.what(), e.field())};
    } catch (const db::DbError& e) {
      // The path only: query strings may hold phone numbers, which logs must not.
      Poco::Logger::get("http").error("store error on %s %s: %s", req.getMethod(), pathOf(req),
                                      std::string(e.what()));
      out = {503,
             errorBody("store_unavailable", "the message store failed; nothing was changed", "")};
    } catch (const std::exception& e) {
      Poco::Logger::get("http").error("error on %s %s: %s", req.getMethod(), pathOf(req),
                                      std::string(e.what()));
      out = {500, errorBody("internal", "internal error", "")};
    }
    // A request refused before its body was read leaves that body on the connection: close it
    // rather than parse the body as the next request.
    if (!bodyRead_ && (req.getContentLength64() > 0 || req.getChunkedTransferEncoding()))
      resp.setKeepAlive(false);
    resp.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(out.status));
    resp.setContentType(out.contentType);
    resp.setContentLength(static_cast<std::streamsize>(out.body.size()));
    if (out.status == 401) resp.set("WWW-Authenticate", "Basic realm=\"pigeon\"");
    resp.send().write(out.body.data(), static_cast<std::streamsize>(out.body.size()));
    metrics_.countHttpStatus(out.status);
    metrics_.observeHttp(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }

private:
  ApiResponse dispatch(Poco::Net::HTTPServerRequest& req) {
    ApiRequest request;
    request.method = req.getMethod();
    readTarget(req.getURI(), request.path, request.query);
    request.contentType = req.getContentType();
    request.secretHeader = req.get("X-Pigeon-Secret", "");
    const auto& route = router_.match(request);

    if (route.access == Route::Access::kAuthenticated) {
      if (!req.has("Authorization"))
        throw ApiError(401, "unauthorized",
                       "authentication required: HTTP Basic or Bearer API key");
      request.caller = auth_.authenticate(req.get("Authorization"));
      if (!request.caller)
        throw ApiError(401, "unauthorized", "wrong user name, password or API key");
      if (!route.right.empty() && !request.caller->can(route.right))
        throw ApiError(403, "forbidden", "this needs the right " + route.right);
    }
    // After authentication, and within a public route's own limit: strangers cannot make us
    // read 16 MB.
    readBody(req, request.body, route.maxBody ? std::min(route.maxBody, maxBody_) : maxBody_);
    return route.handler(request);
  }

  void readBody(Poco::Net::HTTPServerRequest& req, std::string& body, std::size_t limit) {
    body = host::readBody(req, limit);
    bodyRead_ = true;
  }

  const Router& router_;
  Authenticator& auth_;
  Metrics& metrics_;
  std::size_t maxBody_;
  bool bodyRead_ = false;
};

bool isApiPath(const std::string& uri) {
  return uri.rfind("/api/", 0) == 0 || uri == "/api" || uri.rfind("/metrics", 0) == 0 ||
         uri.rfind("/callbacks/", 0) == 0;
}

class ApiHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
  ApiHandlerFactory(const Router& router, Authenticator& auth, Metrics& metrics,
                    std::size_t maxBody, SiteHandlerFactory site)
      : router_(router),
        auth_(auth),
        metrics_(metrics),
        maxBody_(maxBody),
        site_(std::move(site)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest& req) override {
    if (site_ && !isApiPath(req.getURI())) return site_();
    return new ApiHandler(router_, auth_, metrics_, maxBody_);
  }

private:
  const Router& router_;
  Authenticator& auth_;
  Metrics& metrics_;
  std::size_t maxBody_;
  SiteHandlerFactory site_;
};

}  // namespace

HttpServer::HttpServer(const Router& router, Authenticator& auth, Metrics& metrics,
                       HttpSettings settings, SiteHandlerFactory site)
    : router_(router),
      auth_(auth),
      metrics_(metrics),
      settings_(std::move(settings)),
      site_(std::move(site)) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  Poco::Net::ServerSocket socket(
      Poco::Net::SocketAddress(settings_.address, static_cast<Poco::UInt16>(settings_.port)), 256);
  auto params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(settings_.threads);
  params->setMaxQueued(1024);
  params->setKeepAlive(true);
  params->setMaxKeepAliveRequests(0);  // unlimited: API clients hold their connections
  params->setKeepAliveTimeout(Poco::Timespan(30, 0));
  // Keep-alive connections hold a thread each, so the pool is as large as the setting (Poco's
  // default pool stops at 16).
  threads_ = std::make_unique<Poco::ThreadPool>(2, settings_.threads + 2);
  server_ = std::make_unique<Poco::Net::HTTPServer>(
      new ApiHandlerFactory(router_, auth_, metrics_, settings_.maxBodyBytes, site_), *threads_,
      socket, params);
  server_->start();
}

void HttpServer::stop() {
  if (server_) {
    server_->stopAll(true);
    server_.reset();
    threads_->joinAll();
  }
}

int HttpServer::port() const { return server_ ? server_->port() : 0; }

}  // namespace pigeon::host
