#include "webhooks/webhook_worker.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "http_call.h"
#include "keywords/text_fold.h"
#include "outbox/clock.h"
#include "webhooks/webhook_signature.h"

namespace pigeon::host {

namespace {

constexpr std::int64_t kMaxDelayMs = 3600 * 1000;
constexpr int kRoundsPerTick = 20;  // batches read per source before sending what is due
constexpr int kDuePerTick = 50;
constexpr std::size_t kMaxErrorText = 500;
constexpr std::int64_t kPruneEveryMs = 3600 * 1000;
constexpr int kPruneBatch = 1000;

bool wants(const db::WebhookRecord& w, const std::string& event) {
  return w.enabled && std::find(w.events.begin(), w.events.end(), event) != w.events.end();
}

}  // namespace

WebhookWorker::WebhookWorker(db::ConnectionPool& pool, const WebhookSources& sources,
                             WebhookSettings settings)
    : pool_(pool),
      sources_(sources),
      settings_(settings),
      logger_(Poco::Logger::get("pigeon.webhooks")) {}

WebhookWorker::~WebhookWorker() { stop(); }

void WebhookWorker::start() {
  thread_ = std::thread([this] { run(); });
}

void WebhookWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void WebhookWorker::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wakeup_.notify_all();
}

void WebhookWorker::run() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wakeup_.wait_for(lock, std::chrono::milliseconds(settings_.pollMs),
                       [this] { return woken_ || stopping_; });
      if (stopping_) return;
      woken_ = false;
    }
    try {
      round();
    } catch (const std::exception& e) {
      logger_.warning("webhook round failed, trying again: %s", std::string(e.what()));
    }
  }
}

void WebhookWorker::round() {
  auto c = pool_.acquire();
  const auto hooks = db::WebhookRepository::all(*c);
  if (!hooks.empty()) {
    feed(*c, hooks);
    sendDue(*c, hooks);
  }
  prune(*c);
}

void WebhookWorker::feed(db::Connection& c, const std::vector<db::WebhookRecord>& hooks) {
  for (const auto& source : sources_.all()) {
    std::vector<const db::WebhookRecord*> subscribers;
    for (const auto& w : hooks)
      if (wants(w, source.event)) subscribers.push_back(&w);
    if (subscribers.empty()) continue;
    for (int i = 0; i < kRoundsPerTick; ++i) {
      db::Transaction tx(c);
      const auto cursor = db::WebhookRepository::cursor(c, source.event);
      if (!cursor) {  // never read: start at the newest row
        db::WebhookRepository::setCursor(c, source.event, source.newest(c));
        tx.commit();
        break;
      }
      const auto now = nowMs();
      auto read = source.read(c, *cursor, kBatch, now);
      if (read.events.size() == 0) break;
      for (const auto* w : subscribers) {
        db::WebhookDelivery d;
        d.webhookId = w->id;
        d.events = source.event;
        d.body = webhookBody(w->id, read.events);
        d.eventCount = static_cast<int>(read.events.size());
        d.nextAt = now;
        d.createdAt = now;
        db::WebhookRepository::addDelivery(c, d);
      }
      db::WebhookRepository::setCursor(c, source.event, read.next);
      tx.commit();
      if (read.events.size() < static_cast<std::size_t>(kBatch)) break;
    }
  }
}

void WebhookWorker::sendDue(db::Connection& c, const std::vector<db::WebhookRecord>& hooks) {
  std::map<std::int64_t, const db::WebhookRecord*> byId;
  for (const auto& w : hooks) byId[w.id] = &w;
  // A webhook whose POST failed gets no more this round: a dead or slow URL costs a round one
  // timeout, not one per delivery it is owed, and the others' deliveries go on.
  std::set<std::int64_t> failing;
  for (auto& d : db::WebhookRepository::due(c, nowMs(), kDuePerTick)) {
    if (stopping()) return;
    auto hook = byId.find(d.webhookId);
    if (hook == byId.end() || !hook->second->enabled) continue;  // waits while turned off
    if (failing.contains(d.webhookId)) continue;
    if (!attempt(d, *hook->second)) failing.insert(d.webhookId);
    record(c, d);
  }
}

// Every try is recorded, so a delivery is never due again at once: one whose answer cannot be
// stored would otherwise be POSTed every poll and hold up all the others.
void WebhookWorker::record(db::Connection& c, db::WebhookDelivery& d) {
  try {
    db::WebhookRepository::recordAttempt(c, d);
  } catch (const std::exception& e) {
    logger_.error("could not store the outcome of webhook delivery %Ld: %s",
                  static_cast<long long>(d.id), std::string(e.what()));
    d.lastError = "the outcome could not be stored";
    db::WebhookRepository::recordAttempt(c, d);
  }
}

void WebhookWorker::prune(db::Connection& c) {
  const auto now = nowMs();
  if (now - lastPruneAt_ < kPruneEveryMs) return;
  lastPruneAt_ = now;
  const auto before = now - std::int64_t{settings_.retentionDays} * 24 * 3600 * 1000;
  std::size_t removed = 0;
  for (;;) {
    const auto n = db::WebhookRepository::pruneFinished(c, before, kPruneBatch);
    removed += n;
    if (n < static_cast<std::size_t>(kPruneBatch) || stopping()) break;
  }
  if (removed > 0)
    logger_.information("removed %z webhook deliveries finished more than %d days ago", removed,
                        settings_.retentionDays);
}

bool WebhookWorker::stopping() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

bool WebhookWorker::attempt(db::WebhookDelivery& d, const db::WebhookRecord& hook) {
  http::HttpCall call;
  call.method = "POST";
  call.url = hook.url;
  call.contentType = "application/json";
  call.body = d.body;
  const auto now = nowMs();
  call.headers = {{"User-Agent", "Pigeon-Webhooks/1"},
                  {"X-Pigeon-Delivery", std::to_string(d.id)},
                  {"X-Pigeon-Event", d.events},
                  {"X-Pigeon-Signature", webhookSignature(hook.secret, now / 1000, d.body)}};
  const auto reply = http::performHttp(call, std::chrono::milliseconds(settings_.timeoutMs));
  ++d.attempts;
  d.lastStatus.reset();
  if (reply.reached) d.lastStatus = reply.status;
  if (reply.reached && reply.status >= 200 && reply.status < 300) {
    d.state = "delivered";
    d.lastError.clear();
    d.finishedAt = nowMs();
    return true;
  }
  // What the receiver answered is any bytes at all; stored, it must be text.
  d.lastError = keywords::utf8Prefix(
      keywords::validUtf8(reply.reached
                              ? "answered " + std::to_string(reply.status) + ": " + reply.body
                              : reply.error),
      kMaxErrorText);
  if (d.attempts >= settings_.maxAttempts) {
    d.state = "failed";
    d.finishedAt = nowMs();
    logger_.warning("webhook %Ld gave up delivery %Ld after %d tries: %s",
                    static_cast<long long>(hook.id), static_cast<long long>(d.id), d.attempts,
                    d.lastError);
    return false;
  }
  d.nextAt = nowMs() + nextDelay(d.attempts);
  return false;
}

std::int64_t WebhookWorker::nextDelay(int attempts) const {
  std::int64_t delay = settings_.retryBaseMs;
  for (int i = 1; i < attempts && delay < kMaxDelayMs; ++i) delay *= 3;
  return std::min(delay, kMaxDelayMs);
}

}  // namespace pigeon::host
