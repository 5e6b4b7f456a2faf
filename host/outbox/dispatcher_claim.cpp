// The claim half of the Dispatcher: claims run in the store writer while the loop goes on
// sending, and their messages come back to the loop through claimed_.

#include "outbox/dispatcher.h"

#include <algorithm>
#include <array>

#include "outbox/clock.h"
#include "outbox/lane_plan.h"

namespace pigeon::host {

namespace {
constexpr std::int64_t kStoreErrorPauseMs = 1000;  // after a failed claim
}  // namespace

void Dispatcher::postClaim(int capacity) {
  auto round = std::make_shared<Round>();
  {
    std::lock_guard lock(mutex_);
    claimPosted_ = true;
    wakeupsAtClaim_ = wakeups_;
  }
  claimAwaited_ = true;
  // The job MAY run twice (StoreWriter): it overwrites the round, never appends to it.
  writer_.post([this, round, capacity](db::Connection& c) { *round = claimIn(c, capacity); },
               [this, round](std::exception_ptr error) { claimDone(round, error); });
}

void Dispatcher::claimDone(const std::shared_ptr<Round>& round, std::exception_ptr error) {
  if (error) {
    // The store is failing: try again after a pause rather than hammer it.
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      logger_.error("claiming messages failed: %s", std::string(e.what()));
    } catch (...) {
      logger_.error("claiming messages failed");
    }
    *round = Round{};
    round->drained = true;
    round->nextDue = nowMs() + kStoreErrorPauseMs;
  }
  bool stopped;
  {
    std::lock_guard lock(mutex_);
    stopped = stopping_;
    claimPosted_ = false;
    if (!stopped) claimed_ = round;
    ++handoffs_;
  }
  cv_.notify_all();  // the loop, or stop() waiting for this claim
  if (stopped)
    for (auto& m : round->messages)
      sink_.refused("", m.id, m.attempts,
                    sdk::Status::throttled("pigeond stopped before the message was sent"), nowMs());
}

void Dispatcher::sendClaimed(bool& claimDue, std::optional<std::int64_t>& nextDue) {
  std::shared_ptr<Round> round;
  bool wokenSinceClaim;
  {
    std::lock_guard lock(mutex_);
    round = std::move(claimed_);
    wokenSinceClaim = wakeups_ != wakeupsAtClaim_;
  }
  if (!round) return;
  claimAwaited_ = false;
  throttledThisRound_ = false;
  sendAll(*round);
  rampCapacity_ = throttledThisRound_ ? kRampStart : std::min(rampCapacity_ * 2, settings_.batch);
  lastRoundDrained_ = round->drained;
  if (!round->drained) {
    claimDue = true;  // more is due: claim again as soon as there is room
    return;
  }
  claimDue = wokenSinceClaim;
  nextDue = round->nextDue;
}

Dispatcher::Round Dispatcher::claimIn(db::Connection& c, int capacity) {
  const auto owner = settings_.hostId;
  const auto leaseMs = static_cast<std::int64_t>(settings_.leaseSeconds) * 1000;
  Round round;
  const auto now = nowMs();
  const auto quotas = laneQuotas(capacity);
  std::array<db::LaneClaim, db::kPriorityCount> lanes{};
  int left = capacity;
  auto take = [&](db::Priority lane, int want) {
    auto claim = messages_.claim(c, lane, want, now, now + leaseMs, owner);
    left -= static_cast<int>(claim.messages.size());
    for (auto& m : claim.messages) round.messages.push_back(std::move(m));
    claim.messages.clear();
    lanes[static_cast<int>(lane)] = std::move(claim);
  };
  // First each lane up to its guaranteed share; then what is left, by priority, to the
  // lanes that still have due messages.
  bool skipped = false;  // a lane not even looked at may have work: not drained
  for (const auto& share : kLaneShares) {
    if (left > 0)
      take(share.lane, std::min(left, quotas[static_cast<int>(share.lane)]));
    else
      skipped = true;
  }
  for (const auto& share : kLaneShares)
    if (left > 0 && lanes[static_cast<int>(share.lane)].more) take(share.lane, left);
  round.drained = !skipped;
  for (const auto& lane : lanes) {
    if (lane.more) round.drained = false;
    if (lane.nextDueAt && (!round.nextDue || *lane.nextDueAt < *round.nextDue))
      round.nextDue = lane.nextDueAt;
  }
  return round;
}

}  // namespace pigeon::host
