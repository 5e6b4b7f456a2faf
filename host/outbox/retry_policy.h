#pragma once
// What happens to a message whose send failed: another attempt later, or a final failure.

#include <cstdint>
#include <mutex>
#include <string>

#include "pigeon/sdk/status.h"
#include "repositories/message_records.h"

namespace pigeon::host {

struct RetrySettings {
  int maxAttempts = 5;
  int backoffMs = 1000;  // before the second attempt; doubled for each one after
  int maxBackoffMs = 300000;
  int throttleBackoffMs = 200;
};

class RetryPolicy {
public:
  explicit RetryPolicy(RetrySettings settings) : settings_(settings) {}

  // The admin's Settings page changes the policy for every failure from then on.
  void update(RetrySettings settings) {
    std::lock_guard lock(mutex_);
    settings_ = settings;
  }
  RetrySettings settings() const {
    std::lock_guard lock(mutex_);
    return settings_;
  }

  // attemptsBefore: attempts made before the one that just failed.
  db::Transition afterFailure(std::int64_t messageId, int attemptsBefore, const sdk::Status& status,
                              const std::string& provider, std::int64_t now) const;

private:
  mutable std::mutex mutex_;
  RetrySettings settings_;
};

}  // namespace pigeon::host
