#pragma once
// A provider's HTTP API for tests, on 127.0.0.1 and a free port, in two styles the generic
// provider must both handle:
//   JSON:  POST /v1/sms {"to","text","sender"} with "Authorization: Bearer <token>"
//          -> 200 {"result":{"id":"m-1"}} | 422 {"error":{"code":"NO_ROUTE"}} | 400 | 401 | 429;
//          GET /v1/balance -> {"account":{"balance":"12.50"}}
//   Text:  GET /send?to=&text= -> "OK: id=t-1" | "ERR: NO ROUTE" (Kannel-style)

#include <Poco/Net/HTTPServer.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace pigeon::httpprovider::test {

struct ReceivedRequest {
  std::string to;
  std::string text;
  std::string sender;
  std::string id;  // the id the fake gave it
};

class FakeHttpApi {
public:
  FakeHttpApi();
  ~FakeHttpApi();

  std::string baseUrl() const;
  std::vector<ReceivedRequest> received() const;
  void setRateLimited(bool limited);

private:
  class Handler;
  class Factory;
  struct Answer {
    int status = 200;
    std::string body;
  };
  Answer handle(const std::string& method, const std::string& uri, const std::string& auth,
                const std::string& body);

  mutable std::mutex mutex_;
  std::vector<ReceivedRequest> received_;
  bool rateLimited_ = false;
  int nextId_ = 1;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace pigeon::httpprovider::test
