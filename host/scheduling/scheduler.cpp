#include "scheduling/scheduler.h"

#include <algorithm>

#include "outbox/clock.h"
#include "repositories/lease_repository.h"

namespace pigeon::host {

namespace {

// A pass that failed (the store is down, say) is tried again after this.
constexpr std::int64_t kRetryMs = 1000;

}  // namespace

Scheduler::Scheduler(db::ConnectionPool& pool, std::string hostId, int leaseSeconds)
    : pool_(pool),
      hostId_(std::move(hostId)),
      leaseMs_(static_cast<std::int64_t>(leaseSeconds) * 1000),
      logger_(Poco::Logger::get("pigeond.scheduler")) {}

Scheduler::~Scheduler() { stop(); }

void Scheduler::add(ScheduledWork& work) { work_.push_back(&work); }

void Scheduler::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void Scheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (!leader_.exchange(false)) return;
  try {
    auto c = pool_.acquire();
    db::LeaseRepository::release(*c, kLease, hostId_);
  } catch (const std::exception& e) {
    logger_.warning("could not give the scheduler lease up: %s", std::string(e.what()));
  }
}

void Scheduler::wake() {
  {
    std::lock_guard lock(mutex_);
    ++wakeups_;
  }
  cv_.notify_all();
}

bool Scheduler::holdsLease(db::Connection& c) const {
  return db::LeaseRepository::holds(c, kLease, hostId_, nowMs());
}

LeaseCheck Scheduler::leaseCheck() const {
  return [this](db::Connection& c) { return holdsLease(c); };
}

bool Scheduler::renewLease(std::int64_t now) {
  if (now < leaseRenewAt_) return leader_.load();
  bool held = false;
  {
    auto c = pool_.acquire();
    held = db::LeaseRepository::acquire(*c, kLease, hostId_, now + leaseMs_, now);
  }
  if (held != leader_.exchange(held))
    logger_.information(held ? "this host runs the scheduler now"
                             : "another host runs the scheduler");
  leaseRenewAt_ = now + leaseMs_ / 3;
  return held;
}

void Scheduler::run() {
  std::uint64_t seen = 0;
  while (true) {
    std::int64_t next = 0;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      seen = wakeups_;
    }
    try {
      next = pass(nowMs());
    } catch (const std::exception& e) {
      logger_.error("scheduler: %s", std::string(e.what()));
      next = nowMs() + kRetryMs;
    }
    std::unique_lock lock(mutex_);
    const auto wait = std::max<std::int64_t>(0, next - nowMs());
    cv_.wait_for(lock, std::chrono::milliseconds(wait),
                 [&] { return stopping_ || wakeups_ != seen; });
  }
}

std::int64_t Scheduler::pass(std::int64_t now) {
  if (!renewLease(now)) return leaseRenewAt_;
  std::int64_t next = leaseRenewAt_;  // the lease is renewed in time even when idle
  for (auto* work : work_) {
    try {
      next = std::min(next, work->pass(now));
    } catch (const std::exception& e) {
      logger_.error("%s: %s", std::string(work->name()), std::string(e.what()));
      next = std::min(next, now + kRetryMs);
    }
  }
  return next;
}

}  // namespace pigeon::host
