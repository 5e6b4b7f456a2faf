#pragma once
// Moves due messages from the outbox to provider instances: claims a batch under a lease
// (lanes by priority), routes each message (RouteTable) and hands it to the first instance of
// its route that takes it, without waiting for the network, and sleeps until new work
// arrives, room frees up, or the next retry falls due.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

#include <Poco/Logger.h>

#include "metrics/metrics.h"
#include "outbox/status_sink.h"
#include "outbox/store_writer.h"
#include "providers/provider_set.h"
#include "repositories/message_repository.h"
#include "repositories/transition_repository.h"
#include "routing/route_service.h"

namespace pigeon::host {

struct DispatcherSettings {
  int batch = 500;
  int maxInFlight = 5000;
  int leaseSeconds = 60;
  int dlrTimeoutSeconds = 172800;
  int throttleBackoffMs = 200;
  int maxAttempts = 5;
  std::string hostId;
};

class Dispatcher {
public:
  Dispatcher(StoreWriter& writer, ProviderSet& providers, const RouteService& routes,
             StatusSink& sink, Metrics& metrics, DispatcherSettings settings);
  ~Dispatcher();

  // Requeues what this host had claimed before a crash, then starts the loop.
  void start();
  void stop();

  void wake();  // new or newly due work

  // Freshly queued messages may skip the claim from the store when nothing older is waiting
  // (the last round drained every lane, nothing held, no instance paused) and the window has
  // room: Outbox inserts up to `count` of them already leased to this host and hands them
  // over after the commit. count 0: queue them as usual.
  db::InsertLease handoffLease(std::size_t wanted) const;
  // The leased messages of a committed insert: sent in the next round, no claim needed.
  void handOff(std::vector<db::ClaimedMessage> messages);
  void answered(std::int64_t messageId);  // a provider answered a submit: room in the window
  // Messages that must not go any more (their number opted out after they were queued): such
  // a message is rejected with reason opted_out when its turn comes, never submitted. Set
  // before start().
  void refuseWhen(std::function<bool(const db::ClaimedMessage&)> optedOut) {
    optedOut_ = std::move(optedOut);
  }

  int inFlight() const;
  // Messages this host had claimed before it was interrupted, requeued at start(): each may
  // reach its recipient twice (its timeline says so).
  int requeuedAtStart() const { return requeuedAtStart_; }

private:
  struct Round {
    std::vector<db::ClaimedMessage> messages;
    bool drained = false;                 // fewer due messages than capacity
    std::optional<std::int64_t> nextDue;  // when drained: the earliest future retry
  };
  void run();
  // Claims in the writer without waiting for it (dispatcher_claim.cpp): the loop goes on
  // sending what it holds, and the claimed messages come back through claimDone() before the
  // window runs dry.
  void postClaim(int capacity);
  Round claimIn(db::Connection& c, int capacity);
  void claimDone(const std::shared_ptr<Round>& round, std::exception_ptr error);
  // Sends the messages of a completed claim, if one is waiting; says what is due next.
  void sendClaimed(bool& claimDue, std::optional<std::int64_t>& nextDue);
  void sendAll(Round& round);
  // Tries the instances of the message's route in order, from the first it has not yet been
  // refused by: down or missing ones are passed over, throttled ones remembered, a temporary
  // or no_route refusal moves on to the next.
  void sendOne(db::ClaimedMessage& m, const RouteTable& table, const std::string& defaultName,
               std::int64_t now);
  void sendHeld(std::int64_t now);
  void sendHandedOff();
  void housekeeping(std::int64_t now);

  StoreWriter& writer_;
  ProviderSet& providers_;
  const RouteService& routes_;
  StatusSink& sink_;
  Metrics& metrics_;
  DispatcherSettings settings_;
  db::MessageRepository messages_;
  db::TransitionRepository transitions_;
  Poco::Logger& logger_;

  // Messages handed to providers and not yet answered, with when they were handed over. A
  // provider that never answers would otherwise shrink the window for good: housekeeping
  // drops entries older than the lease (their messages are requeued by then).
  mutable std::mutex inFlightMutex_;
  std::unordered_map<std::int64_t, std::int64_t> inFlight_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::uint64_t wakeups_ = 0;   // guarded by mutex_; a changed value means "look again"
  std::uint64_t handoffs_ = 0;  // guarded by mutex_; a changed value means "messages handed"
  bool stopping_ = false;
  // The claim in the writer: posted (until its completion ran), its result not yet sent, and
  // wakeups_ when it was posted (a wake after that may bring work the claim did not see).
  bool claimPosted_ = false;          // guarded by mutex_
  std::shared_ptr<Round> claimed_;    // guarded by mutex_
  std::uint64_t wakeupsAtClaim_ = 0;  // guarded by mutex_
  bool claimAwaited_ = false;         // dispatcher thread: posted and not yet sent
  bool lastRoundDrained_ = false;     // dispatcher thread: the last claim found all there was
  std::thread thread_;
  std::int64_t nextHousekeepingAt_ = 0;
  int requeuedAtStart_ = 0;
  // Claimed messages whose instance's window is full: they wait here, still leased, for an
  // answer to free room (answered() wakes the loop), rather than going back to the queue for a
  // throttle pause. While any wait, nothing new is claimed. Dispatcher thread only, except
  // the flag answered() reads.
  struct Held {
    db::ClaimedMessage message;
    std::int64_t since = 0;
  };
  std::deque<Held> held_;
  std::atomic<bool> holding_{false};

  // How many messages a handoff may bring now (0 while anything older waits), set by the loop
  // after each round; and the handed-off messages not yet sent.
  std::atomic<int> handoffRoom_{0};
  std::mutex handoffMutex_;
  std::vector<db::ClaimedMessage> handedOff_;
  std::int64_t nextExpiryAt_ = 0;
  // After a throttled answer a round claims only a few messages, doubling while the provider
  // keeps taking them (like TCP's slow start): a pause that ends too early then bounces a
  // handful of messages, not a whole batch.
  int rampCapacity_ = kRampStart;
  bool throttledThisRound_ = false;
  static constexpr int kRampStart = 8;
  std::function<bool(const db::ClaimedMessage&)> optedOut_;
};

}  // namespace pigeon::host
