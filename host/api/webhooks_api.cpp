#include "api/webhooks_api.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include "api/json_util.h"
#include "api/request_reading.h"

namespace pigeon::host {

namespace {

constexpr int kDefaultDeliveries = 50;
constexpr int kMaxDeliveries = 500;

WebhookInput readWebhook(const Poco::JSON::Object& o) {
  rejectUnknownFields(o, {"url", "events", "secret", "enabled"});
  WebhookInput in;
  in.url = requiredString(o, "url");
  auto events = optionalStringArray(o, "events");
  if (!events) throw ApiError(422, "missing_field", "field 'events' is required", "events");
  in.events = std::move(*events);
  in.secret = optionalString(o, "secret");
  in.enabled = optionalBool(o, "enabled").value_or(true);
  return in;
}

// The secret is shown once, when it is made or set; lists show only that there is one.
Poco::JSON::Object webhookJson(const db::WebhookRecord& w, bool withSecret) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("id", w.id);
  o.set("url", w.url);
  Poco::JSON::Array events;
  for (const auto& e : w.events) events.add(e);
  o.set("events", events);
  o.set("enabled", w.enabled);
  if (withSecret) o.set("secret", w.secret);
  o.set("created_by", textOrNull(w.createdBy));
  o.set("created_at", isoTime(w.createdAt));
  o.set("updated_at", isoTime(w.updatedAt));
  return o;
}

Poco::JSON::Object deliveryJson(const db::WebhookDelivery& d) {
  auto timeOrNull = [](const std::optional<std::int64_t>& t) {
    return t ? Poco::Dynamic::Var(isoTime(*t)) : Poco::Dynamic::Var();
  };
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("id", d.id);
  o.set("event", d.events);
  o.set("event_count", d.eventCount);
  o.set("state", d.state);
  o.set("attempts", d.attempts);
  o.set("next_at",
        d.state == "pending" ? Poco::Dynamic::Var(isoTime(d.nextAt)) : Poco::Dynamic::Var());
  o.set("last_status", d.lastStatus ? Poco::Dynamic::Var(*d.lastStatus) : Poco::Dynamic::Var());
  o.set("last_error", textOrNull(d.lastError));
  o.set("created_at", isoTime(d.createdAt));
  o.set("finished_at", timeOrNull(d.finishedAt));
  o.set("body", Poco::JSON::Parser().parse(d.body));
  return o;
}

std::int64_t idAt(const ApiRequest& r, std::size_t i, const std::string& what) {
  if (auto id = parseId(r.pathParams.at(i))) return *id;
  throw ApiError(404, "not_found", "no " + what + " " + r.pathParams.at(i));
}

}  // namespace

void WebhooksApi::registerRoutes(Router& router) {
  using A = Route::Access;
  const std::string right = "manage_providers";
  router.add(
      {"GET", "/api/v1/webhooks", A::kAuthenticated, right, [this](auto& r) { return list(r); }});
  router.add({"POST", "/api/v1/webhooks", A::kAuthenticated, right,
              [this](auto& r) { return create(r); }});
  router.add({"GET", "/api/v1/webhooks/{id}", A::kAuthenticated, right,
              [this](auto& r) { return get(r); }});
  router.add({"PUT", "/api/v1/webhooks/{id}", A::kAuthenticated, right,
              [this](auto& r) { return update(r); }});
  router.add({"DELETE", "/api/v1/webhooks/{id}", A::kAuthenticated, right,
              [this](auto& r) { return remove(r); }});
  router.add({"GET", "/api/v1/webhooks/{id}/deliveries", A::kAuthenticated, right,
              [this](auto& r) { return deliveries(r); }});
  router.add({"POST", "/api/v1/webhooks/{id}/ping", A::kAuthenticated, right,
              [this](auto& r) { return ping(r); }});
  router.add({"POST", "/api/v1/webhooks/{id}/deliveries/{delivery}/retry", A::kAuthenticated, right,
              [this](auto& r) { return retry(r); }});
}

ApiResponse WebhooksApi::list(ApiRequest&) {
  Poco::JSON::Array items;
  for (const auto& w : webhooks_.list()) items.add(webhookJson(w, false));
  Poco::JSON::Object out;
  out.set("webhooks", items);
  return {200, toJson(out)};
}

ApiResponse WebhooksApi::create(ApiRequest& request) {
  const auto input = readWebhook(*parseJsonObject(request.body));
  return {201, toJson(webhookJson(webhooks_.create(input, request.caller->name), true))};
}

ApiResponse WebhooksApi::get(ApiRequest& request) {
  return {200, toJson(webhookJson(webhooks_.get(idAt(request, 0, "webhook")), false))};
}

ApiResponse WebhooksApi::update(ApiRequest& request) {
  const auto id = idAt(request, 0, "webhook");
  const auto input = readWebhook(*parseJsonObject(request.body));
  return {200, toJson(webhookJson(webhooks_.update(id, input), input.secret.has_value()))};
}

ApiResponse WebhooksApi::remove(ApiRequest& request) {
  webhooks_.remove(idAt(request, 0, "webhook"));
  return {204, ""};
}

ApiResponse WebhooksApi::deliveries(ApiRequest& request) {
  const auto id = idAt(request, 0, "webhook");
  std::int64_t before = 0;
  if (const auto text = request.queryValue("before"); !text.empty()) {
    const auto parsed = parseId(text);
    if (!parsed) throw ApiError(400, "invalid_before", "before must be a delivery id", "before");
    before = *parsed;
  }
  const auto limit = queryLimit(request, kDefaultDeliveries, kMaxDeliveries);
  Poco::JSON::Array items;
  const auto list = webhooks_.deliveries(id, before, limit);
  for (const auto& d : list) items.add(deliveryJson(d));
  Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
  out.set("deliveries", items);
  out.set("next_before", static_cast<int>(list.size()) == limit ? Poco::Dynamic::Var(list.back().id)
                                                                : Poco::Dynamic::Var());
  return {200, toJson(out)};
}

ApiResponse WebhooksApi::ping(ApiRequest& request) {
  webhooks_.ping(idAt(request, 0, "webhook"));
  return {202, R"({"queued":true})"};
}

ApiResponse WebhooksApi::retry(ApiRequest& request) {
  webhooks_.retry(idAt(request, 0, "webhook"), idAt(request, 1, "delivery"));
  return {202, R"({"queued":true})"};
}

}  // namespace pigeon::host
