#include "fake_http_api.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

namespace pigeon::httpprovider::test {

class FakeHttpApi::Handler : public Poco::Net::HTTPRequestHandler {
public:
  explicit Handler(FakeHttpApi& fake) : fake_(fake) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req,
                     Poco::Net::HTTPServerResponse& resp) override {
    std::string body;
    Poco::StreamCopier::copyToString(req.stream(), body);
    const auto answer =
        fake_.handle(req.getMethod(), req.getURI(), req.get("Authorization", ""), body);
    resp.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
    resp.setContentType(answer.body.starts_with("{") ? "application/json" : "text/plain");
    resp.sendBuffer(answer.body.data(), answer.body.size());
  }

private:
  FakeHttpApi& fake_;
};

class FakeHttpApi::Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
  explicit Factory(FakeHttpApi& fake) : fake_(fake) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(fake_);
  }

private:
  FakeHttpApi& fake_;
};

FakeHttpApi::FakeHttpApi() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket,
                                                    new Poco::Net::HTTPServerParams);
  server_->start();
}

FakeHttpApi::~FakeHttpApi() { server_->stopAll(true); }

std::string FakeHttpApi::baseUrl() const {
  return "http://127.0.0.1:" + std::to_string(server_->port());
}

std::vector<ReceivedRequest> FakeHttpApi::received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

void FakeHttpApi::setRateLimited(bool limited) {
  std::lock_guard lock(mutex_);
  rateLimited_ = limited;
}

FakeHttpApi::Answer FakeHttpApi::handle(const std::string& method, const std::string& uri,
                                        const std::string& auth, const std::string& body) {
  std::lock_guard lock(mutex_);
  Poco::URI parsed(uri);
  if (parsed.getPath() == "/send" && method == "GET") {
    std::string to, text;
    for (const auto& [k, v] : parsed.getQueryParameters()) {
      if (k == "to") to = v;
      if (k == "text") text = v;
    }
    if (to.starts_with("4470")) return {200, "ERR: NO ROUTE"};
    const auto id = "t-" + std::to_string(nextId_++);
    received_.push_back({to, text, "", id});
    return {200, "OK: id=" + id};
  }
  if (auth != "Bearer token-1") return {401, R"({"error":{"code":"AUTH"}})"};
  if (parsed.getPath() == "/v1/balance") return {200, R"({"account":{"balance":"12.50"}})"};
  if (parsed.getPath() != "/v1/sms" || method != "POST") return {404, "{}"};
  if (rateLimited_) return {429, R"({"error":{"code":"SLOW_DOWN"}})"};
  Poco::JSON::Object::Ptr request;
  try {
    request = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    return {400, R"({"error":{"code":"BAD_JSON"}})"};
  }
  const auto to = request->optValue<std::string>("to", "");
  const auto text = request->optValue<std::string>("text", "");
  if (to.starts_with("+4470")) return {422, R"({"error":{"code":"NO_ROUTE"}})"};
  if (text == "BLOCKED") return {400, R"({"error":{"code":"CONTENT"}})"};
  const auto id = "m-" + std::to_string(nextId_++);
  received_.push_back({to, text, request->optValue<std::string>("sender", ""), id});
  return {200, R"({"result":{"id":")" + id + R"("}})"};
}

}  // namespace pigeon::httpprovider::test
