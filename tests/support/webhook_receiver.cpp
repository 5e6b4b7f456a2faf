#include "support/webhook_receiver.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

namespace pigeon::test {

Poco::JSON::Object::Ptr WebhookPost::json() const {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

class WebhookReceiver::Handler : public Poco::Net::HTTPRequestHandler {
public:
  explicit Handler(WebhookReceiver& receiver) : receiver_(receiver) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req,
                     Poco::Net::HTTPServerResponse& resp) override {
    WebhookPost post;
    post.path = req.getURI();
    post.event = req.get("X-Pigeon-Event", "");
    post.delivery = req.get("X-Pigeon-Delivery", "");
    post.signature = req.get("X-Pigeon-Signature", "");
    Poco::StreamCopier::copyToString(req.stream(), post.body);
    const auto [status, errorBody] = receiver_.take(std::move(post));
    resp.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    const std::string answer = status == 200 ? "ok" : errorBody;
    resp.sendBuffer(answer.data(), answer.size());
  }

private:
  WebhookReceiver& receiver_;
};

class WebhookReceiver::Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
  explicit Factory(WebhookReceiver& receiver) : receiver_(receiver) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(receiver_);
  }

private:
  WebhookReceiver& receiver_;
};

WebhookReceiver::WebhookReceiver() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket,
                                                    new Poco::Net::HTTPServerParams);
  server_->start();
}

WebhookReceiver::~WebhookReceiver() { server_->stopAll(true); }

std::string WebhookReceiver::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(server_->port()) + path;
}

std::vector<WebhookPost> WebhookReceiver::posts() const {
  std::lock_guard lock(mutex_);
  return posts_;
}

std::vector<Poco::JSON::Object::Ptr> WebhookReceiver::events(const std::string& name) const {
  std::vector<Poco::JSON::Object::Ptr> out;
  for (const auto& post : posts()) {
    auto list = post.json()->getArray("events");
    for (unsigned i = 0; i < list->size(); ++i)
      if (list->getObject(i)->getValue<std::string>("event") == name)
        out.push_back(list->getObject(i));
  }
  return out;
}

void WebhookReceiver::answerNext(std::vector<int> statuses) {
  std::lock_guard lock(mutex_);
  answers_.insert(answers_.end(), statuses.begin(), statuses.end());
}

void WebhookReceiver::answerErrorsWith(std::string body) {
  std::lock_guard lock(mutex_);
  errorBody_ = std::move(body);
}

std::pair<int, std::string> WebhookReceiver::take(WebhookPost post) {
  std::lock_guard lock(mutex_);
  posts_.push_back(std::move(post));
  if (answers_.empty()) return {200, ""};
  const int status = answers_.front();
  answers_.pop_front();
  return {status, errorBody_};
}

}  // namespace pigeon::test
