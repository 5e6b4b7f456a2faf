#include "outbox/dispatcher.h"

#include <algorithm>
#include <map>
#include <optional>

#include "outbox/clock.h"
#include "pigeon/sdk/text/sms_text.h"

namespace pigeon::host {

namespace {
constexpr std::int64_t kHousekeepingEveryMs = 1000;
// Finding unreported messages scans the submitted ones: every half timeout, at most every 30 s.
constexpr std::int64_t kExpiryEveryMs = 30000;
constexpr std::int64_t kIdleWaitMs = 5000;  // upper bound on a sleep with nothing due
// A message whose route has no instance up waits this long, without spending an attempt: a
// connection that is down for a while must not fail messages that would go through later.
constexpr std::int64_t kRouteDownWaitMs = 5000;
// A held message is tried again at the latest after this, should no answer wake the loop.
constexpr std::int64_t kHeldRecheckMs = 20;
}  // namespace

Dispatcher::Dispatcher(StoreWriter& writer, ProviderSet& providers, const RouteService& routes,
                       StatusSink& sink, Metrics& metrics, DispatcherSettings settings)
    : writer_(writer),
      providers_(providers),
      routes_(routes),
      sink_(sink),
      metrics_(metrics),
      settings_(std::move(settings)),
      logger_(Poco::Logger::get("dispatcher")) {}

Dispatcher::~Dispatcher() { stop(); }

void Dispatcher::start() {
  auto owner = settings_.hostId;
  int requeued = writer_.call<int>([this, owner](db::Connection& c) {
    return transitions_.requeueLeases(c, owner, settings_.maxAttempts, nowMs());
  });
  requeuedAtStart_ = requeued;
  if (requeued > 0) metrics_.countStatus(db::MessageStatus::kQueued, requeued);
  if (requeued > 0)
    logger_.warning(
        "requeued %d messages claimed before an interruption; they may reach their "
        "recipients twice (see their timelines)",
        requeued);
  thread_ = std::thread([this] { run(); });
}

void Dispatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  handoffRoom_ = 0;
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::shared_ptr<Round> claimed;
  {
    // A claim still in the writer hands its messages back itself (claimDone sees stopping_);
    // one that completed before the loop took it is handed back here.
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return !claimPosted_; });
    claimed = std::move(claimed_);
  }
  if (claimed)
    for (auto& m : claimed->messages)
      sink_.refused("", m.id, m.attempts,
                    sdk::Status::throttled("pigeond stopped before the message was sent"), nowMs());
  // Never handed over: back to the queue now, not counted as interrupted at the next start.
  for (auto& h : held_)
    sink_.refused("", h.message.id, h.message.attempts,
                  sdk::Status::throttled("pigeond stopped before the provider had room"), nowMs());
  held_.clear();
  holding_ = false;
  std::lock_guard lock(handoffMutex_);
  for (auto& m : handedOff_)
    sink_.refused("", m.id, m.attempts,
                  sdk::Status::throttled("pigeond stopped before the message was sent"), nowMs());
  handedOff_.clear();
}

db::InsertLease Dispatcher::handoffLease(std::size_t wanted) const {
  const auto room = static_cast<std::size_t>(std::max(0, handoffRoom_.load()));
  return {settings_.hostId, nowMs() + static_cast<std::int64_t>(settings_.leaseSeconds) * 1000,
          std::min(wanted, room)};
}

void Dispatcher::handOff(std::vector<db::ClaimedMessage> messages) {
  if (messages.empty()) return;
  bool stopped;
  {
    // Under mutex_ with the check: stop() either sees these messages in handedOff_ or they
    // see it stopping; none can slip in after stop() emptied the list.
    std::lock_guard lock(mutex_);
    stopped = stopping_;
    if (!stopped) {
      handoffRoom_.fetch_sub(static_cast<int>(messages.size()));
      std::lock_guard handed(handoffMutex_);
      for (auto& m : messages) handedOff_.push_back(std::move(m));
      ++handoffs_;
    }
  }
  if (!stopped) {
    cv_.notify_one();
    return;
  }
  // Leased a moment before the stop: back to the queue, not counted as interrupted.
  for (auto& m : messages)
    sink_.refused("", m.id, m.attempts,
                  sdk::Status::throttled("pigeond stopped before the message was sent"), nowMs());
}

void Dispatcher::wake() {
  {
    std::lock_guard lock(mutex_);
    ++wakeups_;
  }
  cv_.notify_one();
}

void Dispatcher::answered(std::int64_t messageId) {
  bool wasFull;
  {
    std::lock_guard lock(inFlightMutex_);
    wasFull = static_cast<int>(inFlight_.size()) >= settings_.maxInFlight;
    inFlight_.erase(messageId);
  }
  // Only a full window needs waking: the loop is otherwise not waiting on room.
  if (wasFull || holding_.load(std::memory_order_relaxed)) wake();
}

int Dispatcher::inFlight() const {
  std::lock_guard lock(inFlightMutex_);
  return static_cast<int>(inFlight_.size());
}

void Dispatcher::run() {
  // Whether the store may hold due messages: at the start, after wake() (new, requeued or
  // freed work), when the last round left some, or when a retry falls due. A handoff alone
  // does not make one due: its messages come with it.
  bool claimDue = true;
  std::optional<std::int64_t> nextDue;  // the earliest future retry the last claim saw
  for (;;) {
    std::uint64_t seen, seenHandoffs;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      seen = wakeups_;
      seenHandoffs = handoffs_;
    }
    const auto now = nowMs();
    if (now >= nextHousekeepingAt_) housekeeping(now);
    if (nextDue && *nextDue <= now) claimDue = true;

    std::int64_t waitMs = kIdleWaitMs;
    if (!held_.empty()) sendHeld(now);
    sendHandedOff();
    sendClaimed(claimDue, nextDue);
    // The next claim goes out while fewer than a batch wait for room, so its messages arrive
    // before the window runs dry; held ones count against the in-flight limit.
    const int capacity = std::min(
        {settings_.batch, settings_.maxInFlight - inFlight() - static_cast<int>(held_.size()),
         rampCapacity_});
    if (auto paused = providers_.pausedUntil(now)) {
      if (held_.empty()) waitMs = *paused - now;  // every provider is throttled: the queue waits
      claimDue = true;                            // what waited is due when the pause ends
    } else if (claimDue && !claimAwaited_ && capacity > 0 &&
               static_cast<int>(held_.size()) < settings_.batch) {
      postClaim(capacity);
      claimDue = false;  // until its result says more is due, or a wake comes
    }
    if (!held_.empty()) waitMs = kHeldRecheckMs;  // an answer wakes the loop sooner
    if (nextDue && *nextDue > nowMs()) waitMs = std::min(waitMs, *nextDue - nowMs());
    // Nothing older waits in the store only after a drained round with nothing held and no
    // instance paused: then new messages may come straight from Outbox. A claim posted after
    // a drained round leaves it open: it only looks whether something else came.
    const bool open = !claimDue && (!claimAwaited_ || lastRoundDrained_) && held_.empty() &&
                      !providers_.pausedUntil(nowMs());
    handoffRoom_ = open ? std::min(settings_.maxInFlight - inFlight(), rampCapacity_) : 0;
    waitMs = std::min(waitMs, std::max<std::int64_t>(0, nextHousekeepingAt_ - nowMs()));
    std::unique_lock lock(mutex_);
    const bool woken = cv_.wait_for(lock, std::chrono::milliseconds(waitMs), [&] {
      return stopping_ || wakeups_ != seen || handoffs_ != seenHandoffs;
    });
    // A timeout is a poll (another host's messages wake no one here), except while holding,
    // when it only rechecks the window.
    if (wakeups_ != seen || (!woken && held_.empty())) claimDue = true;
  }
}

void Dispatcher::sendHandedOff() {
  Round round;
  {
    std::lock_guard lock(handoffMutex_);
    round.messages.swap(handedOff_);
  }
  if (!round.messages.empty()) sendAll(round);
}

void Dispatcher::sendAll(Round& round) {
  const auto now = nowMs();
  const auto table = routes_.table();  // one snapshot per round: an edit applies to the next
  const auto defaultName = providers_.defaultName();
  for (auto& m : round.messages) sendOne(m, *table, defaultName, now);
}

void Dispatcher::sendOne(db::ClaimedMessage& m, const RouteTable& table,
                         const std::string& defaultName, std::int64_t now) {
  if (optedOut_ && optedOut_(m)) {
    sink_.rejected(m.id, "opted_out");
    return;
  }
  const auto route = table.match({m.to, m.from, m.tag, m.requestedProvider}, defaultName);
  if (route.instances.empty()) {
    sink_.unroutable(m.id, m.attempts,
                     sdk::Status::temporary("no provider instance is configured"));
    return;
  }
  const auto skip = static_cast<std::size_t>(std::max(0, m.routeSkip));
  if (skip >= route.instances.size()) {
    sink_.unroutable(
        m.id, m.attempts,
        sdk::Status::permanent(
            "no instance of the route reaches " + m.to + ": each answered no_route", "no_route"));
    return;
  }
  sdk::OutboundMessage out;
  out.id = m.id;
  out.to = m.to;  // copies: a message held for a full window is tried again
  out.from = m.from;
  out.text = m.body;
  out.encoding = m.encoding == sdk::text::encodingName(sdk::Encoding::kUcs2) ? sdk::Encoding::kUcs2
                                                                             : sdk::Encoding::kGsm7;
  out.parts = m.parts;
  out.attempt = m.attempts + 1;

  std::optional<std::int64_t> pausedUntil;  // the earliest end of a throttled instance's pause
  std::optional<sdk::Status> refusal;       // the last temporary or no_route answer
  std::string refusedBy, down;
  bool anyExists = false, windowFull = false;
  for (auto i = skip; i < route.instances.size(); ++i) {
    const auto& name = route.instances[i];
    auto instance = providers_.find(name);
    if (!instance) {
      down += (down.empty() ? "" : ", ") + ("'" + name + "' (does not exist)");
      continue;
    }
    anyExists = true;
    if (const auto reason = instance->downReason(); !reason.empty()) {
      down += (down.empty() ? "" : ", ") + ("'" + name + "' (") + reason + ")";
      continue;
    }
    // A throttled instance gets nothing until its pause ends. Every message waiting for it
    // becomes due at that same moment, so the next claim takes them by priority again.
    if (const auto until = instance->throttledUntil(); until > now) {
      pausedUntil = std::min(until, pausedUntil.value_or(until));
      continue;
    }
    // Asked before submitting: only answers change the window meanwhile, and they free room,
    // so a throttled answer after this is a real slow-down, not a full window.
    if (instance->windowFull(m.parts)) {
      windowFull = true;  // room comes back with the next answer
      continue;
    }
    {
      std::lock_guard lock(inFlightMutex_);
      inFlight_[m.id] = now;
    }
    auto status = instance->submit(out);
    if (status.isOk()) return;
    {
      std::lock_guard lock(inFlightMutex_);
      inFlight_.erase(m.id);
    }
    if (status.code() == sdk::StatusCode::kThrottled) {
      const auto until = nowMs() + settings_.throttleBackoffMs;
      instance->throttleUntil(until);
      pausedUntil = std::min(until, pausedUntil.value_or(until));
      continue;
    }
    if (status.code() == sdk::StatusCode::kTemporary ||
        status.code() == sdk::StatusCode::kNoRoute) {
      refusal = std::move(status);
      refusedBy = name;
      continue;
    }
    // Refused for what the message is (a bad number, the text): no other instance would differ.
    sink_.refused(name, m.id, m.attempts, status);
    return;
  }

  if (windowFull) {
    held_.push_back({std::move(m), now});
    holding_ = true;
  } else if (pausedUntil) {
    throttledThisRound_ = true;
    sink_.refused(refusedBy, m.id, m.attempts,
                  sdk::Status::throttled("every instance of the route that is up is throttled"),
                  *pausedUntil);
  } else if (refusal && refusal->code() == sdk::StatusCode::kTemporary) {
    sink_.refused(refusedBy, m.id, m.attempts, *refusal);
  } else if (anyExists && !down.empty()) {
    sink_.refused("", m.id, m.attempts,
                  sdk::Status(sdk::StatusCode::kThrottled,
                              "no instance of the route is up: " + down, "route_down"),
                  now + kRouteDownWaitMs);
  } else if (refusal) {
    sink_.unroutable(
        m.id, m.attempts,
        sdk::Status::permanent(
            "no instance of the route reaches " + out.to + ": " + refusal->message(), "no_route"));
  } else {
    sink_.unroutable(m.id, m.attempts, sdk::Status::temporary("provider instance " + down));
  }
}

void Dispatcher::sendHeld(std::int64_t now) {
  const auto table = routes_.table();
  const auto defaultName = providers_.defaultName();
  // Held longer than half the lease: back to the queue, before the store's lease runs out and
  // another round could claim it while it still waits here.
  const auto maxHoldMs = static_cast<std::int64_t>(settings_.leaseSeconds) * 500;
  // From the front, the oldest first, until one is held again: the rest wait behind it in
  // their order, untouched (an answer frees a few places; the list may hold thousands).
  while (!held_.empty()) {
    Held h = std::move(held_.front());
    held_.pop_front();
    if (now - h.since > maxHoldMs) {
      sink_.refused("", h.message.id, h.message.attempts,
                    sdk::Status::throttled("the provider's window stayed full"), now);
      continue;
    }
    const auto before = held_.size();
    sendOne(h.message, *table, defaultName, now);
    if (held_.size() > before) {  // held again: back to the front, as old as it was
      Held again = std::move(held_.back());
      held_.pop_back();
      again.since = h.since;
      held_.push_front(std::move(again));
      break;
    }
  }
  holding_ = !held_.empty();
}

void Dispatcher::housekeeping(std::int64_t now) {
  nextHousekeepingAt_ = now + kHousekeepingEveryMs;
  sink_.retryPending();
  {
    // Unanswered past the lease: the store requeues those messages; the window forgets them.
    const auto leaseMs = static_cast<std::int64_t>(settings_.leaseSeconds) * 1000;
    std::lock_guard lock(inFlightMutex_);
    for (auto it = inFlight_.begin(); it != inFlight_.end();)
      it = now - it->second > leaseMs ? inFlight_.erase(it) : std::next(it);
  }
  const auto cutoff = now - static_cast<std::int64_t>(settings_.dlrTimeoutSeconds) * 1000;
  const bool expire = now >= nextExpiryAt_;
  if (expire)
    nextExpiryAt_ = now + std::clamp<std::int64_t>(settings_.dlrTimeoutSeconds * 500LL,
                                                   kHousekeepingEveryMs, kExpiryEveryMs);
  auto counts = std::make_shared<std::pair<int, int>>();  // requeued, expired
  writer_.post(
      [this, cutoff, expire, counts](db::Connection& c) {
        const auto t = nowMs();
        // Another host's lease that ran out: that host died with the messages claimed.
        counts->first = transitions_.requeueLeases(c, "", settings_.maxAttempts, t);
        counts->second = expire ? transitions_.expireUnreported(c, cutoff, t) : 0;
      },
      [this, counts](std::exception_ptr error) {
        if (error) return;  // the next pass tries again
        if (counts->first) metrics_.countStatus(db::MessageStatus::kQueued, counts->first);
        if (counts->second) metrics_.countStatus(db::MessageStatus::kExpired, counts->second);
        if (counts->first) wake();
      });
}

}  // namespace pigeon::host
