#pragma once
// A HostContext for a provider's tests: records every callback and lets a test wait for them.
// For partners' plugin tests as much as Pigeon's own.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string_view>
#include <vector>

#include "pigeon/sdk/host_context.h"

namespace pigeon::sdk::testing {

class RecordingHost : public HostContext {
public:
  void submitted(const SubmitOutcome& o) noexcept override {
    std::lock_guard lock(mutex_);
    outcomes_[o.messageId].push_back(o);
    changed_.notify_all();
  }
  void deliveryReport(const DeliveryReport& r) noexcept override {
    std::lock_guard lock(mutex_);
    reports_.push_back(r);
    changed_.notify_all();
  }
  void inbound(const InboundMessage& m) noexcept override {
    std::lock_guard lock(mutex_);
    inbound_.push_back(m);
    changed_.notify_all();
  }
  void log(LogLevel, std::string_view) noexcept override {}

  // Waits until `done` holds (checked under the lock), at most 10 s.
  template <typename F>
  bool waitFor(F done) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(10), [&] { return done(); });
  }
  std::map<std::int64_t, std::vector<SubmitOutcome>> outcomes() {
    std::lock_guard lock(mutex_);
    return outcomes_;
  }
  std::vector<DeliveryReport> reports() {
    std::lock_guard lock(mutex_);
    return reports_;
  }
  std::vector<InboundMessage> inbound() {
    std::lock_guard lock(mutex_);
    return inbound_;
  }
  std::size_t answered() const { return outcomes_.size(); }  // under the lock (waitFor)
  std::size_t reported() const { return reports_.size(); }

private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::int64_t, std::vector<SubmitOutcome>> outcomes_;
  std::vector<DeliveryReport> reports_;
  std::vector<InboundMessage> inbound_;
};

}  // namespace pigeon::sdk::testing
