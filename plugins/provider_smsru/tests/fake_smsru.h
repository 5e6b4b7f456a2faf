#pragma once
// SMS.ru for tests, on 127.0.0.1 and a free port: /sms/send, /sms/status and /my/balance as
// SMS.ru answers them (json=1), counting every message it gets; can refuse by code on request
// and push delivery callbacks, signed like SMS.ru signs them, to a host.

#include <Poco/Net/HTTPServer.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace pigeon::smsru::test {

struct FakeSmsruBehaviour {
  std::string apiId = "test-api-id";
  std::string noRoutePrefix;  // numbers (digits) starting with it get code 207
  int refuseAllWith = 0;      // a top-level error code for every send (201: no money)
  int httpStatus = 0;         // answer every request with this HTTP status and no JSON
  int finalState = 103;       // what /sms/status says of every message it accepted
  double balance = 4122.56;
};

struct ReceivedSms {
  std::string to;
  std::string text;
  std::string from;
  std::string smsId;
};

class FakeSmsru {
public:
  explicit FakeSmsru(FakeSmsruBehaviour behaviour = {});
  ~FakeSmsru();

  int port() const;
  std::string baseUrl() const { return "http://127.0.0.1:" + std::to_string(port()); }
  void setBehaviour(FakeSmsruBehaviour behaviour);
  std::vector<ReceivedSms> received() const;
  int statusQueries() const { return statusQueries_.load(); }
  int balanceQueries() const { return balanceQueries_.load(); }
  // POSTs one sms_status record per id to `url` as SMS.ru does, signed with `apiId`; returns
  // the HTTP status and body the host answered.
  std::pair<int, std::string> pushStatus(const std::string& url,
                                         const std::vector<std::string>& smsIds, int state,
                                         const std::string& apiId) const;

private:
  class Handler;
  class Factory;
  std::string handle(const std::string& path, const std::map<std::string, std::string>& form,
                     int& httpStatus);

  mutable std::mutex mutex_;
  FakeSmsruBehaviour behaviour_;
  std::vector<ReceivedSms> received_;
  std::atomic<int> statusQueries_{0}, balanceQueries_{0};
  int nextId_ = 1;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace pigeon::smsru::test
