#include "outbox/status_sink.h"

#include <map>

#include "outbox/clock.h"

namespace pigeon::host {

struct StatusSink::Batch {
  bool taken = false;
  std::vector<Event> events;
  std::array<std::uint64_t, db::kMessageStatusCount> applied{};
  std::vector<db::InboundRecord> storedInbound;  // with their ids, once committed
};

namespace {

constexpr std::size_t kMaxAddress = 32;
constexpr std::size_t kMaxInboundText = 60000;  // beyond 255 parts of 160 characters

// At most `limit` bytes, never ending inside a UTF-8 character.
std::string utf8Prefix(const std::string& s, std::size_t limit) {
  if (s.size() <= limit) return s;
  while (limit > 0 && (static_cast<unsigned char>(s[limit]) & 0xC0) == 0x80) --limit;
  return s.substr(0, limit);
}

db::MessageStatus stateOf(sdk::DeliveryState s) {
  switch (s) {
    case sdk::DeliveryState::kDelivered:
      return db::MessageStatus::kDelivered;
    case sdk::DeliveryState::kFailed:
      return db::MessageStatus::kFailed;
    case sdk::DeliveryState::kExpired:
      return db::MessageStatus::kExpired;
  }
  return db::MessageStatus::kFailed;
}

}  // namespace

StatusSink::StatusSink(StoreWriter& writer, const RetryPolicy& retry, Metrics& metrics)
    : writer_(writer), retry_(retry), metrics_(metrics), logger_(Poco::Logger::get("status")) {}

StatusSink::Event StatusSink::event(Event::Kind kind, const std::string& instance,
                                    std::int64_t id) {
  Event e;
  e.kind = kind;
  e.instance = instance;
  e.messageId = id;
  return e;
}

void StatusSink::refused(const std::string& instance, std::int64_t messageId, int attemptsBefore,
                         const sdk::Status& status, std::optional<std::int64_t> retryAt) {
  auto e = event(Event::Kind::kFailed, instance, messageId);
  e.status = status;
  e.attemptsBefore = attemptsBefore;
  e.retryAt = retryAt;
  push(std::move(e));
}

void StatusSink::unroutable(std::int64_t messageId, int attemptsBefore, const sdk::Status& status) {
  refused("", messageId, attemptsBefore, status);
}

void StatusSink::rejected(std::int64_t messageId, const std::string& reason) {
  auto e = event(Event::Kind::kRejected, "", messageId);
  e.errorCode = reason;
  push(std::move(e));
}

void StatusSink::submitted(const std::string& instance, const sdk::SubmitOutcome& outcome) {
  if (onAnswered_) onAnswered_(outcome.messageId);
  auto e = event(outcome.status.isOk() ? Event::Kind::kSubmitted : Event::Kind::kFailed, instance,
                 outcome.messageId);
  e.providerMessageId = outcome.providerMessageId;
  e.status = outcome.status;
  push(std::move(e));
}

void StatusSink::deliveryReport(const std::string& instance, const sdk::DeliveryReport& report) {
  auto e = event(Event::Kind::kReport, instance, report.messageId);
  e.providerMessageId = report.providerMessageId;
  e.reportState = stateOf(report.state);
  e.errorCode = report.errorCode;
  push(std::move(e));
}

void StatusSink::inbound(const std::string& instance, const sdk::InboundMessage& message) {
  metrics_.countInbound();
  auto record = std::make_shared<db::InboundRecord>();
  // A plugin's strings go into columns with limits: cut them rather than lose the message.
  record->instance = instance;
  record->from = message.from.substr(0, kMaxAddress);
  record->to = message.to.substr(0, kMaxAddress);
  record->body = utf8Prefix(message.text, kMaxInboundText);
  record->providerMessageId = message.providerMessageId.substr(0, kMaxAddress * 4);
  record->receivedAt = nowMs();
  auto e = event(Event::Kind::kInbound, instance, 0);
  e.inbound = std::move(record);
  push(std::move(e));
}

void StatusSink::push(Event event) {
  {
    std::lock_guard lock(mutex_);
    pending_.push_back(std::move(event));
    if (flushPosted_) return;
    flushPosted_ = true;
  }
  post(std::make_shared<Batch>());
}

void StatusSink::retryPending() {
  {
    std::lock_guard lock(mutex_);
    if (flushPosted_ || pending_.empty()) return;
    flushPosted_ = true;
  }
  post(std::make_shared<Batch>());
}

// A batch not yet taken collects whatever is pending when the writer runs it.
void StatusSink::post(std::shared_ptr<Batch> batch) {
  writer_.post(
      [this, batch](db::Connection& c) {
        if (!batch->taken) {
          std::lock_guard lock(mutex_);
          batch->events.swap(pending_);
          flushPosted_ = false;
          batch->taken = true;
        }
        batch->applied = {};
        batch->storedInbound.clear();
        applyAll(c, batch->events, nowMs(), batch->applied, batch->storedInbound);
      },
      [this, batch](std::exception_ptr error) {
        if (error) return failed(*batch, error);
        for (int i = 0; i < db::kMessageStatusCount; ++i)
          if (batch->applied[i])
            metrics_.countStatus(static_cast<db::MessageStatus>(i), batch->applied[i]);
        // Only a message sent back to the queue can make a claim find something new.
        if (onApplied_ && batch->applied[static_cast<int>(db::MessageStatus::kQueued)])
          onApplied_();
        if (onInboundStored_ && !batch->storedInbound.empty())
          onInboundStored_(std::move(batch->storedInbound));
      });
}

// Nothing a provider reported is dropped for a passing fault: a failed batch is split so a bad
// report fails alone, and a report that fails alone waits for the next flush, a few times.
void StatusSink::failed(Batch& batch, std::exception_ptr error) {
  std::string reason = "unknown error";
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    reason = e.what();
  } catch (...) {
  }
  if (batch.events.empty()) return;
  if (batch.events.size() > 1) {
    logger_.warning("could not store %z provider reports at once (%s); storing them one by one",
                    batch.events.size(), reason);
    for (auto& e : batch.events) {
      auto single = std::make_shared<Batch>();
      single->taken = true;
      single->events.push_back(std::move(e));
      post(single);
    }
    return;
  }
  auto& e = batch.events.front();
  if (++e.failures >= kMaxStoreAttempts) {
    logger_.error("dropped a provider report for message %Ld after %d failed attempts: %s",
                  static_cast<long long>(e.messageId), kMaxStoreAttempts, reason);
    return;
  }
  std::lock_guard lock(mutex_);
  pending_.push_back(std::move(e));  // the next flush, or housekeeping's retry, takes it
}

// The usual outcomes (accepted, delivered) go in bulk statements; everything else one by one.
// Bulk first is safe: a message's report always follows its acceptance, never precedes it.
void StatusSink::applyAll(db::Connection& c, const std::vector<Event>& events, std::int64_t now,
                          Counts& applied, std::vector<db::InboundRecord>& stored) {
  std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> accepted;
  std::map<db::MessageStatus, std::vector<std::int64_t>> reported;
  std::vector<const Event*> others;
  std::vector<db::InboundRecord> inbound;
  for (const auto& e : events) {
    if (e.kind == Event::Kind::kInbound)
      inbound.push_back(*e.inbound);
    else if (e.kind == Event::Kind::kSubmitted)
      accepted[e.instance].emplace_back(e.messageId, e.providerMessageId);
    else if (e.kind == Event::Kind::kReport && e.messageId != 0 && e.errorCode.empty())
      reported[e.reportState].push_back(e.messageId);
    else
      others.push_back(&e);
  }
  for (const auto& [instance, list] : accepted)
    applied[static_cast<int>(db::MessageStatus::kSubmitted)] +=
        transitions_.markSubmitted(c, instance, list, now);
  for (const auto& [state, ids] : reported) {
    const auto changed = transitions_.markFinal(c, state, ids, now);
    applied[static_cast<int>(state)] += changed;
    // Some were not in a sending state (expired, or already final): one by one, so a late
    // report still lands with its history and a repeated one changes nothing.
    if (changed < static_cast<std::int64_t>(ids.size()))
      for (auto id : ids) {
        db::Transition t;
        t.id = id;
        t.to = state;
        if (transitions_.apply(c, t, now)) ++applied[static_cast<int>(state)];
      }
  }
  for (const auto* e : others) applyOne(c, *e, now, applied);
  if (inbound.empty()) return;
  const auto ids = inboundMessages_.insertAll(c, inbound);
  for (std::size_t i = 0; i < inbound.size(); ++i) inbound[i].id = ids[i];
  stored = std::move(inbound);
}

void StatusSink::applyOne(db::Connection& c, const Event& e, std::int64_t now, Counts& applied) {
  switch (e.kind) {
    case Event::Kind::kSubmitted:
    case Event::Kind::kInbound:
      return;  // always in bulk
    case Event::Kind::kRejected: {
      db::Transition t;
      t.id = e.messageId;
      t.to = db::MessageStatus::kRejected;
      t.errorCode = e.errorCode;
      if (transitions_.apply(c, t, now)) ++applied[static_cast<int>(t.to)];
      return;
    }
    case Event::Kind::kFailed: {
      int attempts = e.attemptsBefore;
      if (attempts < 0) {
        auto rows = c.query("SELECT attempts FROM messages WHERE id = ?", {e.messageId});
        if (rows.empty()) return;
        attempts = static_cast<int>(db::asInt(rows.rows[0][0]));
      }
      auto t = retry_.afterFailure(e.messageId, attempts, e.status, e.instance, now);
      if (e.retryAt && t.to == db::MessageStatus::kQueued) t.nextAttemptAt = *e.retryAt;
      if (transitions_.apply(c, t, now)) ++applied[static_cast<int>(t.to)];
      return;
    }
    case Event::Kind::kReport: {
      bool changed = false;
      if (e.messageId != 0) {
        db::Transition t;
        t.id = e.messageId;
        t.to = e.reportState;
        t.errorCode = e.errorCode;
        changed = transitions_.apply(c, t, now);
      } else {
        changed = transitions_.applyProviderReport(
            c, {e.instance, e.providerMessageId, e.reportState, e.errorCode}, now);
      }
      if (changed) ++applied[static_cast<int>(e.reportState)];
      return;
    }
  }
}

}  // namespace pigeon::host
