#pragma once
// A CRM's webhook endpoint for tests, on 127.0.0.1 and a free port: it keeps every POST
// (headers and body) and answers with the statuses it is told, in turn, then 200.

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPServer.h>

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace pigeon::test {

struct WebhookPost {
  std::string path;
  std::string event;      // X-Pigeon-Event
  std::string delivery;   // X-Pigeon-Delivery
  std::string signature;  // X-Pigeon-Signature
  std::string body;
  Poco::JSON::Object::Ptr json() const;
};

class WebhookReceiver {
public:
  WebhookReceiver();
  ~WebhookReceiver();

  std::string url(const std::string& path = "/hooks") const;
  std::vector<WebhookPost> posts() const;
  // The events (from every POST so far) whose "event" is `name`, as JSON objects.
  std::vector<Poco::JSON::Object::Ptr> events(const std::string& name) const;
  void answerNext(std::vector<int> statuses);
  void answerErrorsWith(std::string body);  // the body of answers other than 200

private:
  class Handler;
  class Factory;
  std::pair<int, std::string> take(WebhookPost post);  // the status and body to answer

  mutable std::mutex mutex_;
  std::vector<WebhookPost> posts_;
  std::deque<int> answers_;
  std::string errorBody_ = "try later";
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace pigeon::test
