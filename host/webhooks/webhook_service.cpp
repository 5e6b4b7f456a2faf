#include "webhooks/webhook_service.h"

#include <Poco/URI.h>

#include <algorithm>

#include "api/json_util.h"
#include "auth/password_hasher.h"
#include "outbox/clock.h"

namespace pigeon::host {

namespace {

constexpr std::size_t kMaxUrl = 2000;
constexpr std::size_t kMinSecret = 16;
constexpr std::size_t kMaxSecret = 128;

ApiError invalid(const std::string& message, const std::string& field) {
  return ApiError(422, "invalid_value", message, field);
}

ApiError noWebhook(std::int64_t id) {
  return ApiError(404, "not_found", "no webhook " + std::to_string(id));
}

}  // namespace

void WebhookService::check(const WebhookInput& input) const {
  if (input.url.size() > kMaxUrl) throw invalid("url is longer than 2000 bytes", "url");
  std::string scheme, host;
  try {
    Poco::URI uri(input.url);
    scheme = uri.getScheme();
    host = uri.getHost();
  } catch (const Poco::Exception&) {
  }
  if ((scheme != "http" && scheme != "https") || host.empty())
    throw invalid("'" + input.url + "' is not an http:// or https:// URL", "url");
  if (input.events.empty()) throw invalid("give at least one event: " + sources_.names(), "events");
  for (std::size_t i = 0; i < input.events.size(); ++i) {
    const auto field = "events[" + std::to_string(i) + "]";
    if (!sources_.find(input.events[i]))
      throw invalid("unknown event '" + input.events[i] + "'; one of " + sources_.names(), field);
    if (std::find(input.events.begin(), input.events.begin() + i, input.events[i]) !=
        input.events.begin() + i)
      throw invalid("event '" + input.events[i] + "' is listed twice", field);
  }
  if (input.secret) {
    const auto& s = *input.secret;
    const bool printable =
        std::all_of(s.begin(), s.end(), [](unsigned char ch) { return ch > 0x20 && ch < 0x7f; });
    if (s.size() < kMinSecret || s.size() > kMaxSecret || !printable)
      throw invalid("secret must be 16 to 128 printable characters without spaces", "secret");
  }
}

std::vector<db::WebhookRecord> WebhookService::list() {
  auto c = pool_.acquire();
  return db::WebhookRepository::all(*c);
}

db::WebhookRecord WebhookService::get(std::int64_t id) {
  auto c = pool_.acquire();
  auto w = db::WebhookRepository::find(*c, id);
  if (!w) throw noWebhook(id);
  return *w;
}

// Events that no other enabled webhook takes start at the newest row, not at an old cursor.
void WebhookService::startNewSources(db::Connection& c, const std::vector<std::string>& events,
                                     std::int64_t except) {
  const auto hooks = db::WebhookRepository::all(c);
  for (const auto& event : events) {
    const bool taken = std::any_of(hooks.begin(), hooks.end(), [&](const db::WebhookRecord& w) {
      return w.id != except && w.enabled &&
             std::find(w.events.begin(), w.events.end(), event) != w.events.end();
    });
    if (!taken) db::WebhookRepository::setCursor(c, event, sources_.find(event)->newest(c));
  }
}

db::WebhookRecord WebhookService::create(const WebhookInput& input, const std::string& by) {
  check(input);
  db::WebhookRecord w;
  w.url = input.url;
  w.events = input.events;
  w.secret = input.secret.value_or(randomToken(32));
  w.enabled = input.enabled;
  w.createdBy = by;
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  if (w.enabled) startNewSources(*c, w.events, 0);
  w.id = db::WebhookRepository::insert(*c, w, nowMs());
  tx.commit();
  changed();
  return *db::WebhookRepository::find(*c, w.id);
}

db::WebhookRecord WebhookService::update(std::int64_t id, const WebhookInput& input) {
  check(input);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  auto w = db::WebhookRepository::find(*c, id);
  if (!w) throw noWebhook(id);
  if (input.enabled) {  // only what it did not take before: the others keep their cursor
    std::vector<std::string> added;
    for (const auto& event : input.events)
      if (!w->enabled || std::find(w->events.begin(), w->events.end(), event) == w->events.end())
        added.push_back(event);
    startNewSources(*c, added, id);
  }
  w->url = input.url;
  w->events = input.events;
  if (input.secret) w->secret = *input.secret;
  w->enabled = input.enabled;
  db::WebhookRepository::update(*c, *w, nowMs());
  tx.commit();
  changed();
  return *db::WebhookRepository::find(*c, id);
}

void WebhookService::remove(std::int64_t id) {
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  if (!db::WebhookRepository::remove(*c, id)) throw noWebhook(id);
  tx.commit();
  changed();
}

std::vector<db::WebhookDelivery> WebhookService::deliveries(std::int64_t id, std::int64_t before,
                                                            int limit) {
  get(id);
  auto c = pool_.acquire();
  return db::WebhookRepository::deliveries(*c, id, before, limit);
}

void WebhookService::ping(std::int64_t id) {
  get(id);
  const auto now = nowMs();
  Poco::JSON::Object ping(Poco::JSON_PRESERVE_KEY_ORDER);
  ping.set("id", "ping:" + std::to_string(now));
  ping.set("event", "ping");
  ping.set("at", isoTime(now));
  ping.set("data", Poco::JSON::Object());
  Poco::JSON::Array events;
  events.add(ping);
  db::WebhookDelivery d;
  d.webhookId = id;
  d.events = "ping";
  d.body = webhookBody(id, events);
  d.eventCount = 1;
  d.nextAt = now;
  d.createdAt = now;
  auto c = pool_.acquire();
  db::WebhookRepository::addDelivery(*c, d);
  changed();
}

void WebhookService::retry(std::int64_t id, std::int64_t deliveryId) {
  get(id);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  std::optional<db::WebhookDelivery> found;
  for (const auto& d : db::WebhookRepository::deliveries(*c, id, deliveryId + 1, 1))
    if (d.id == deliveryId) found = d;
  if (!found)
    throw ApiError(
        404, "not_found",
        "webhook " + std::to_string(id) + " has no delivery " + std::to_string(deliveryId));
  if (found->state != "failed")
    throw ApiError(409, "not_failed",
                   "delivery " + std::to_string(deliveryId) + " is " + found->state +
                       "; only a failed one is sent again");
  found->state = "pending";
  found->attempts = 0;
  found->nextAt = nowMs();
  found->finishedAt.reset();
  db::WebhookRepository::recordAttempt(*c, *found);
  tx.commit();
  changed();
}

}  // namespace pigeon::host
