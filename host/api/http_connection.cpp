#include "api/http_connection.h"

#include <Poco/Logger.h>

#include <algorithm>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "api/json_util.h"
#include "api/request_reading.h"
#include "db/connection.h"

namespace pigeon::host {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr std::uint32_t kHeaderLimit = 16 * 1024;
constexpr std::size_t kSiteBodyLimit = 1 << 20;  // forms; the site reads nothing larger
// Asynchronous handlers run on the event loop for bodies up to this; a larger batch is
// validated on a worker so the loop's other connections do not wait for it.
constexpr std::size_t kLoopBodyLimit = 64 * 1024;

bool isApiPath(std::string_view target) {
  return target.starts_with("/api/") || target == "/api" || target.starts_with("/metrics") ||
         target.starts_with("/callbacks/");
}

// End of the conversation rather than an error worth an answer.
bool isHangUp(beast::error_code ec) {
  return ec == http::error::end_of_stream || ec == beast::error::timeout ||
         ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::operation_aborted;
}

ApiResponse errorResponse(const ApiError& e) {
  return {e.status(), errorBody(e.code(), e.what(), e.field())};
}

}  // namespace

template <typename T>
void HttpConnection::onWorker(std::function<T()> work, std::function<void(T)> then) {
  asio::post(context_.workers,
             [self = shared_from_this(), work = std::move(work), then = std::move(then)]() mutable {
               auto result = work();
               asio::post(self->stream_.get_executor(),
                          [self, result = std::move(result), then = std::move(then)]() mutable {
                            then(std::move(result));
                          });
             });
}

HttpConnection::HttpConnection(asio::ip::tcp::socket socket, HttpContext& context)
    : stream_(std::move(socket)), context_(context) {
  context_.connections.fetch_add(1);
}

HttpConnection::~HttpConnection() { context_.connections.fetch_sub(1); }

void HttpConnection::start() {
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->readHeader(); });
}

void HttpConnection::readHeader() {
  parser_.emplace();
  parser_->header_limit(kHeaderLimit);
  // Limits are the route's, checked once the route is known (readBody).
  parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
  stream_.expires_after(std::chrono::seconds(context_.settings.idleSeconds));
  http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onHeader(ec); });
}

void HttpConnection::onHeader(beast::error_code ec) {
  if (ec && isHangUp(ec)) return close();
  stream_.expires_never();  // handlers take what they take; reads and writes set their own
  started_ = std::chrono::steady_clock::now();
  request_ = ApiRequest{};
  route_ = nullptr;
  if (ec == http::error::header_limit)
    return respondError(ApiError(431, "headers_too_large", "the request headers are too large"));
  if (ec)
    return respondError(
        ApiError(400, "invalid_http", "the request is not valid HTTP: " + ec.message()));

  const auto& req = parser_->get();
  const auto target = std::string(req.target());
  if (context_.site.serve && !isApiPath(target)) return routeSite();
  routeApi();
}

void HttpConnection::routeSite() {
  const auto declared = parser_->content_length();
  if (!context_.site.bodyLimit || !declared || *declared <= kSiteBodyLimit)
    return readBody(kSiteBodyLimit, [this] { runSite(); });
  // Only the site knows who may send more (it reads the session from the store): ask it on a
  // worker before reading the body.
  auto head = std::make_shared<SiteHttpRequest>(siteHead());
  onWorker<std::size_t>(
      [this, head]() -> std::size_t {
        try {
          return std::max(kSiteBodyLimit, context_.site.bodyLimit(*head));
        } catch (const std::exception& e) {
          Poco::Logger::get("http").error("site body limit: %s", std::string(e.what()));
          return kSiteBodyLimit;
        }
      },
      [this](std::size_t limit) { readBody(limit, [this] { runSite(); }); });
}

SiteHttpRequest HttpConnection::siteHead() const {
  const auto& req = parser_->get();
  SiteHttpRequest head;
  head.method = std::string(req.method_string());
  head.target = std::string(req.target());
  head.contentType = std::string(req[http::field::content_type]);
  head.cookies = std::string(req[http::field::cookie]);
  return head;
}

void HttpConnection::routeApi() {
  const auto& req = parser_->get();
  try {
    request_.method = std::string(req.method_string());
    readTarget(std::string(req.target()), request_.path, request_.query);
    request_.contentType = std::string(req[http::field::content_type]);
    request_.secretHeader = std::string(req["X-Pigeon-Secret"]);
    route_ = &context_.router.match(request_);
  } catch (const ApiError& e) {
    return respondError(e);
  }
  if (route_->access != Route::Access::kAuthenticated) return authenticated(std::nullopt);

  const auto header = req.find(http::field::authorization);
  if (header == req.end())
    return respondError(
        ApiError(401, "unauthorized", "authentication required: HTTP Basic or Bearer API key"));
  auto authorization = std::string(header->value());
  std::optional<Caller> caller;
  if (context_.auth.cached(authorization, caller)) {
    if (!caller)
      return respondError(ApiError(401, "unauthorized", "wrong user name, password or API key"));
    return authenticated(std::move(caller));
  }
  // A miss reads the store and may hash a password: not on the loop.
  // The worker answers only a refusal; nothing means the caller checked out.
  onWorker<std::optional<ApiResponse>>(
      [this, authorization]() -> std::optional<ApiResponse> {
        auto refusal = guarded([&]() -> ApiResponse {
          request_.caller = context_.auth.authenticate(authorization);
          if (!request_.caller)
            throw ApiError(401, "unauthorized", "wrong user name, password or API key");
          return {};
        });
        if (request_.caller) return std::nullopt;
        return refusal;
      },
      [this](std::optional<ApiResponse> refusal) {
        if (refusal) return respond(std::move(*refusal));
        authenticated(std::move(request_.caller));
      });
}

void HttpConnection::authenticated(std::optional<Caller> caller) {
  if (caller) {
    request_.caller = std::move(caller);
    if (!route_->right.empty() && !request_.caller->can(route_->right))
      return respondError(ApiError(403, "forbidden", "this needs the right " + route_->right));
  }
  // After authentication, and within a public route's own limit: strangers cannot make us
  // read 16 MB.
  // A route's own limit wins: public routes take less than the server's, a file import more.
  const auto limit = route_->maxBody ? route_->maxBody : context_.settings.maxBodyBytes;
  readBody(limit, [this] { runApi(); });
}

void HttpConnection::readBody(std::size_t limit, std::function<void()> then) {
  auto& parser = *parser_;
  if (parser.is_done()) return then();
  if (const auto declared = parser.content_length(); declared && *declared > limit)
    return respondError(bodyTooLarge(limit));
  parser.body_limit(limit);
  if (!beast::iequals(parser.get()[http::field::expect], "100-continue"))
    return readBodyNow(limit, std::move(then));
  // The client waits for this before it sends the body (curl does for large ones).
  auto go = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
  http::async_write(stream_, *go,
                    [self = shared_from_this(), go, limit, then = std::move(then)](
                        beast::error_code ec, std::size_t) mutable {
                      if (ec) return self->close();
                      self->readBodyNow(limit, std::move(then));
                    });
}

void HttpConnection::readBodyNow(std::size_t limit, std::function<void()> then) {
  stream_.expires_after(std::chrono::seconds(context_.settings.idleSeconds));
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this(), limit, then = std::move(then)](beast::error_code ec,
                                                                              std::size_t) {
                     if (ec == http::error::body_limit)
                       return self->respondError(bodyTooLarge(limit));
                     if (ec) return self->close();
                     self->stream_.expires_never();
                     then();
                   });
}

void HttpConnection::runApi() {
  request_.body = std::move(parser_->get().body());
  if (route_->asyncHandler) {
    auto self = shared_from_this();
    Route::Reply reply = [self](std::function<ApiResponse()> make) {
      asio::post(self->stream_.get_executor(),
                 [self, make = std::move(make)] { self->respond(self->guarded(make)); });
    };
    auto start = [self, reply]() {
      try {
        self->route_->asyncHandler(self->request_, reply);
      } catch (...) {
        const auto error = std::current_exception();
        reply([error]() -> ApiResponse { std::rethrow_exception(error); });
      }
    };
    const bool blocks = route_->blocksFor && route_->blocksFor(request_);
    if (request_.body.size() <= kLoopBodyLimit && !blocks) return start();
    asio::post(context_.workers, start);
    return;
  }
  onWorker<ApiResponse>([this] { return guarded([this] { return route_->handler(request_); }); },
                        [this](ApiResponse out) { respond(std::move(out)); });
}

void HttpConnection::runSite() {
  auto site = std::make_shared<SiteHttpRequest>(siteHead());
  site->body = std::move(parser_->get().body());
  onWorker<SiteHttpResponse>(
      [this, site]() -> SiteHttpResponse {
        try {
          return context_.site.serve(*site);
        } catch (const std::exception& e) {
          Poco::Logger::get("http").error("site error: %s", std::string(e.what()));
          return {500, "text/plain; charset=utf-8", "internal error\n", {}};
        }
      },
      [this](SiteHttpResponse out) {
        Response response{static_cast<http::status>(out.status), parser_->get().version()};
        for (auto& [name, value] : out.headers) response.insert(name, value);
        response.set(http::field::content_type, out.contentType);
        response.body() = std::move(out.body);
        context_.metrics.countHttpStatus(out.status);
        context_.metrics.observeHttp(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
        write(std::move(response));
      });
}

void HttpConnection::respondError(const ApiError& e) { respond(errorResponse(e)); }

ApiResponse HttpConnection::guarded(const std::function<ApiResponse()>& make) const {
  try {
    return make();
  } catch (const ApiError& e) {
    return errorResponse(e);
  } catch (const db::DbError& e) {
    // The path only: query strings may hold phone numbers, which logs must not.
    Poco::Logger::get("http").error("store error on %s %s: %s", request_.method, request_.path,
                                    std::string(e.what()));
    return {503,
            errorBody("store_unavailable", "the message store failed; nothing was changed", "")};
  } catch (const std::exception& e) {
    Poco::Logger::get("http").error("error on %s %s: %s", request_.method, request_.path,
                                    std::string(e.what()));
    return {500, errorBody("internal", "internal error", "")};
  }
}

void HttpConnection::respond(ApiResponse out) {
  Response response{static_cast<http::status>(out.status), parser_->get().version()};
  response.set(http::field::content_type, out.contentType);
  if (out.status == 401) response.set(http::field::www_authenticate, "Basic realm=\"pigeon\"");
  response.body() = std::move(out.body);
  context_.metrics.countHttpStatus(out.status);
  context_.metrics.observeHttp(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
  write(std::move(response));
}

void HttpConnection::write(Response response) {
  // A request answered before its body was read leaves that body on the connection: close it
  // rather than parse the body as the next request. Bad HTTP closes it too.
  const bool unread = !parser_->is_done();
  response.keep_alive(parser_->get().keep_alive() && !unread && parser_->is_header_done());
  response.prepare_payload();
  auto message = std::make_shared<Response>(std::move(response));
  stream_.expires_after(std::chrono::seconds(context_.settings.idleSeconds));
  http::async_write(stream_, *message,
                    [self = shared_from_this(), message](beast::error_code ec, std::size_t) {
                      if (ec || !message->keep_alive()) return self->close();
                      self->readHeader();
                    });
}

void HttpConnection::close() {
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  stream_.close();
}

}  // namespace pigeon::host
