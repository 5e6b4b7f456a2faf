#pragma once
// Collects what providers report (and what the dispatcher learns at once) and applies it to
// the store in batches through the writer. Providers never wait for the store. Inbound SMS are
// stored the same way, in the same batches.

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include <Poco/Logger.h>

#include "metrics/metrics.h"
#include "outbox/retry_policy.h"
#include "outbox/store_writer.h"
#include "providers/provider_events.h"
#include "repositories/inbound_repository.h"
#include "repositories/transition_repository.h"

namespace pigeon::host {

class StatusSink : public ProviderEvents {
public:
  StatusSink(StoreWriter& writer, const RetryPolicy& retry, Metrics& metrics);

  // Called as soon as a provider answers a submit (before the store has it), to free room in
  // the dispatcher's window.
  void onAnswered(std::function<void(std::int64_t messageId)> fn) { onAnswered_ = std::move(fn); }
  // Called after a batch that sent messages back to the queue committed (they may be due).
  void onApplied(std::function<void()> fn) { onApplied_ = std::move(fn); }
  // Called with inbound SMS once they are committed, ids set (on the writer thread: hand
  // them on, do not work on them there).
  void onInboundStored(std::function<void(std::vector<db::InboundRecord>)> fn) {
    onInboundStored_ = std::move(fn);
  }

  // A submit the provider refused at once (no callback will follow).
  // retryAt: when a retryable message may go again (a throttled instance's pause), instead
  // of the retry policy's backoff.
  void refused(const std::string& instance, std::int64_t messageId, int attemptsBefore,
               const sdk::Status& status, std::optional<std::int64_t> retryAt = std::nullopt);
  // A message that must not be sent at all (its number opted out): rejected with the reason.
  void rejected(std::int64_t messageId, const std::string& reason);
  // A message no provider can take (no such instance, none configured).
  void unroutable(std::int64_t messageId, int attemptsBefore, const sdk::Status& status);

  // ProviderEvents
  void submitted(const std::string& instance, const sdk::SubmitOutcome& outcome) override;
  void deliveryReport(const std::string& instance, const sdk::DeliveryReport& report) override;
  void inbound(const std::string& instance, const sdk::InboundMessage& message) override;

  // Posts a flush if reports wait and none is posted (after a failed store; housekeeping).
  void retryPending();

private:
  struct Event {
    enum class Kind { kSubmitted, kFailed, kReport, kInbound, kRejected } kind = Kind::kSubmitted;
    std::string instance;
    std::int64_t messageId = 0;
    std::string providerMessageId;
    sdk::Status status;
    int attemptsBefore = -1;  // -1: read it from the store
    db::MessageStatus reportState = db::MessageStatus::kDelivered;
    std::string errorCode;
    std::optional<std::int64_t> retryAt;
    int failures = 0;                                  // failed attempts to store it
    std::shared_ptr<const db::InboundRecord> inbound;  // kInbound
  };
  // Housekeeping retries once a second: a report outlives half a minute of store outage, and a
  // report the store can never take (a poison one) is given up after that.
  static constexpr int kMaxStoreAttempts = 30;
  struct Batch;

  static Event event(Event::Kind kind, const std::string& instance, std::int64_t id);
  void push(Event event);
  void post(std::shared_ptr<Batch> batch);
  void failed(Batch& batch, std::exception_ptr error);
  using Counts = std::array<std::uint64_t, db::kMessageStatusCount>;
  void applyAll(db::Connection& c, const std::vector<Event>& events, std::int64_t now,
                Counts& applied, std::vector<db::InboundRecord>& stored);
  void applyOne(db::Connection& c, const Event& e, std::int64_t now, Counts& applied);

  StoreWriter& writer_;
  const RetryPolicy& retry_;
  Metrics& metrics_;
  db::TransitionRepository transitions_;
  db::InboundRepository inboundMessages_;
  Poco::Logger& logger_;
  std::function<void(std::int64_t)> onAnswered_;
  std::function<void()> onApplied_;
  std::function<void(std::vector<db::InboundRecord>)> onInboundStored_;
  std::mutex mutex_;
  std::vector<Event> pending_;
  bool flushPosted_ = false;
};

}  // namespace pigeon::host
