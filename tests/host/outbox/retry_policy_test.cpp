#include <catch2/catch.hpp>

#include "outbox/retry_policy.h"

using namespace pigeon;
using db::MessageStatus;

TEST_CASE("temporary failures back off exponentially up to the cap, then fail", "[outbox]") {
  host::RetryPolicy policy({4, 1000, 3000, 200});
  auto first = policy.afterFailure(7, 0, sdk::Status::temporary("busy", "88"), "sim", 10000);
  CHECK(first.to == MessageStatus::kQueued);
  CHECK(first.nextAttemptAt == 11000);
  CHECK(first.attemptsDelta == 1);
  CHECK(first.errorCode == "88");
  CHECK(policy.afterFailure(7, 1, sdk::Status::temporary("busy"), "sim", 10000).nextAttemptAt ==
        12000);
  CHECK(policy.afterFailure(7, 2, sdk::Status::temporary("busy"), "sim", 10000).nextAttemptAt ==
        13000);  // capped
  auto last = policy.afterFailure(7, 3, sdk::Status::temporary("busy"), "sim", 10000);
  CHECK(last.to == MessageStatus::kFailed);
  CHECK(last.detail == "gave up after 4 attempts: busy");
}

TEST_CASE("permanent failures end at once, throttling spends no attempt", "[outbox]") {
  host::RetryPolicy policy({5, 1000, 300000, 200});
  auto permanent = policy.afterFailure(1, 0, sdk::Status::permanent("no route"), "sim", 0);
  CHECK(permanent.to == MessageStatus::kFailed);
  CHECK(permanent.errorCode == "permanent");
  auto throttled = policy.afterFailure(1, 3, sdk::Status::throttled("slow down"), "sim", 0);
  CHECK(throttled.to == MessageStatus::kQueued);
  CHECK(throttled.attemptsDelta == 0);
  CHECK(throttled.nextAttemptAt == 200);
  // A plugin that threw is retried like a passing fault.
  CHECK(policy.afterFailure(1, 0, sdk::Status::internal("threw"), "sim", 0).to ==
        MessageStatus::kQueued);
}
