#pragma once
// pigeon.provider.smsru: SMS.ru's HTTP API. submit() hands the message to a sender thread,
// which POSTs /sms/send and reports the answer; delivery comes by callback (POST data[] to
// /callbacks/<instance>, answered "100") and, as a fallback, by polling /sms/status.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "pigeon/sdk/host_context.h"
#include "pigeon/sdk/provider/provider.h"
#include "send_pool.h"
#include "smsru_settings.h"

namespace pigeon::smsru {

class SmsruProvider : public sdk::Provider {
public:
  SmsruProvider(SmsruSettings settings, sdk::HostContext& host);
  ~SmsruProvider() override;

  sdk::Status start() override;
  void stop() override;
  sdk::Status submit(const sdk::OutboundMessage& message) override;
  sdk::Result<sdk::Balance> balance() override;
  sdk::ProviderCapabilities capabilities() const override;
  sdk::ProviderStats stats() const override;
  sdk::CallbackResponse callback(const sdk::CallbackRequest& request) override;

  std::size_t awaitingReports() const;

private:
  void send(const sdk::OutboundMessage& message);
  void report(const std::string& smsId, int code);
  void pollLoop();
  void pollOnce();

  SmsruSettings settings_;
  sdk::HostContext& host_;
  http::SendPool pool_;
  std::atomic<bool> accountOk_{true};  // false after SMS.ru refused the account itself
  // Accepted messages whose final state is not known yet: sms_id -> since.
  mutable std::mutex awaitingMutex_;
  std::unordered_map<std::string, std::chrono::steady_clock::time_point> awaiting_;
  std::mutex pollMutex_;
  std::condition_variable pollCv_;
  bool stopping_ = false;
  std::thread poller_;
};

}  // namespace pigeon::smsru
