#pragma once
// The HostContext the checker hands a provider: it records every callback, and whether any
// came after stop() returned.

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>

#include "pigeon/sdk/host_context.h"

namespace pigeon::check {

class RecordingHost : public sdk::HostContext {
public:
  void submitted(const sdk::SubmitOutcome& outcome) noexcept override {
    std::lock_guard lock(mutex_);
    ++answers_[outcome.messageId];
    if (stopped_) ++afterStop_;
    cv_.notify_all();
  }
  void deliveryReport(const sdk::DeliveryReport&) noexcept override {
    std::lock_guard lock(mutex_);
    ++reports_;
    if (stopped_) ++afterStop_;
  }
  void inbound(const sdk::InboundMessage&) noexcept override {
    std::lock_guard lock(mutex_);
    if (stopped_) ++afterStop_;
  }
  void log(sdk::LogLevel, std::string_view) noexcept override {}

  // Waits until `count` distinct messages were answered, or the deadline.
  bool waitForAnswers(std::size_t count, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return answers_.size() >= count; });
  }
  void markStopped() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
  }
  std::map<std::int64_t, int> answers() const {
    std::lock_guard lock(mutex_);
    return answers_;
  }
  int afterStop() const {
    std::lock_guard lock(mutex_);
    return afterStop_;
  }

private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::map<std::int64_t, int> answers_;
  int reports_ = 0;
  int afterStop_ = 0;
  bool stopped_ = false;
};

}  // namespace pigeon::check
