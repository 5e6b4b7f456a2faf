#include "webhooks/webhook_worker.h"

#include <algorithm>
#include <chrono>

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
  if (hooks.empty()) return;
  feed(*c, hooks);
  sendDue(*c, hooks);
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
  for (auto& d : db::WebhookRepository::due(c, nowMs(), kDuePerTick)) {
    auto hook = byId.find(d.webhookId);
    if (hook == byId.end() || !hook->second->enabled) continue;  // waits while turned off
    attempt(d, *hook->second);
    db::WebhookRepository::recordAttempt(c, d);
  }
}

void WebhookWorker::attempt(db::WebhookDelivery& d, const db::WebhookRecord& hook) {
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
    return;
  }
  d.lastError = keywords::utf8Prefix(
      reply.reached ? "answered " + std::to_string(reply.status) + ": " + reply.body : reply.error,
      kMaxErrorText);
  if (d.attempts >= settings_.maxAttempts) {
    d.state = "failed";
    d.finishedAt = nowMs();
    logger_.warning("webhook %Ld gave up delivery %Ld after %d tries: %s",
                    static_cast<long long>(hook.id), static_cast<long long>(d.id), d.attempts,
                    d.lastError);
    return;
  }
  d.nextAt = nowMs() + nextDelay(d.attempts);
}

std::int64_t WebhookWorker::nextDelay(int attempts) const {
  std::int64_t delay = settings_.retryBaseMs;
  for (int i = 1; i < attempts && delay < kMaxDelayMs; ++i) delay *= 3;
  return std::min(delay, kMaxDelayMs);
}

}  // namespace pigeon::host
