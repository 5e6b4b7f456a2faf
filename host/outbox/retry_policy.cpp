#include "outbox/retry_policy.h"

#include <algorithm>

namespace pigeon::host {

db::Transition RetryPolicy::afterFailure(std::int64_t messageId, int attemptsBefore,
                                         const sdk::Status& status, const std::string& provider,
                                         std::int64_t now) const {
  const RetrySettings current = settings();
  db::Transition t;
  t.id = messageId;
  t.provider = provider;
  t.errorCode =
      status.providerCode().empty() ? sdk::statusCodeName(status.code()) : status.providerCode();
  t.detail = status.message();
  // A throttled provider did not try: the message waits without spending an attempt.
  if (status.code() == sdk::StatusCode::kThrottled) {
    t.to = db::MessageStatus::kQueued;
    t.nextAttemptAt = now + current.throttleBackoffMs;
    return t;
  }
  t.attemptsDelta = 1;
  const int attempts = attemptsBefore + 1;
  // This instance cannot reach the number: the next instance of the route gets it at once.
  // The dispatcher fails it for good when the route has no instance left.
  if (status.code() == sdk::StatusCode::kNoRoute && attempts < current.maxAttempts) {
    t.to = db::MessageStatus::kQueued;
    t.routeSkipDelta = 1;
    t.nextAttemptAt = now;
    t.detail = "no route on " + provider + "; trying the next instance of the route: " + t.detail;
    return t;
  }
  // A plugin that threw is treated as a passing fault: the next attempt may well succeed.
  const bool retryable = status.isRetryable() || status.code() == sdk::StatusCode::kInternal;
  if (!retryable || attempts >= current.maxAttempts) {
    t.to = db::MessageStatus::kFailed;
    if (retryable)
      t.detail = "gave up after " + std::to_string(attempts) + " attempts: " + t.detail;
    return t;
  }
  long long delay = current.backoffMs;
  for (int i = 1; i < attempts && delay < current.maxBackoffMs; ++i) delay *= 2;
  t.to = db::MessageStatus::kQueued;
  t.nextAttemptAt = now + std::min<long long>(delay, current.maxBackoffMs);
  return t;
}

}  // namespace pigeon::host
