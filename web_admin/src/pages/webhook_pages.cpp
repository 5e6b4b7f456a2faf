#include "pages/webhook_pages.h"

#include <algorithm>

#include "api/json_util.h"
#include "form_problem.h"

namespace pigeon::web {

namespace {

constexpr int kDeliveriesShown = 50;

host::WebhookInput inputOf(const WebRequest& r, bool creating) {
  host::WebhookInput in;
  in.url = r.field("url", "URL", 2000);
  in.events = r.fields("events");
  if (auto secret = r.field("secret", "Secret", 200); !secret.empty()) in.secret = secret;
  in.enabled = creating || r.has("enabled");
  return in;
}

}  // namespace

void WebhookPages::addRoutes(SiteRoutes& routes) {
  using A = SiteRoute::Access;
  const std::string right = "manage_providers";
  routes.push_back({"GET", "/webhooks", A::kSignedIn, right, [this](auto& r) { return list(r); }});
  routes.push_back(
      {"POST", "/webhooks", A::kSignedIn, right, [this](auto& r) { return create(r); }});
  routes.push_back({"GET", "/webhooks/{id}", A::kSignedIn, right,
                    [this](auto& r) { return show(r, r.pathId(0, "webhook")); }});
  routes.push_back(
      {"POST", "/webhooks/{id}", A::kSignedIn, right, [this](auto& r) { return update(r); }});
  routes.push_back({"POST", "/webhooks/{id}/delete", A::kSignedIn, right,
                    [this](auto& r) { return remove(r); }});
  routes.push_back(
      {"POST", "/webhooks/{id}/ping", A::kSignedIn, right, [this](auto& r) { return ping(r); }});
  routes.push_back({"POST", "/webhooks/{id}/deliveries/{delivery}/retry", A::kSignedIn, right,
                    [this](auto& r) { return retry(r); }});
}

Data WebhookPages::eventOptions(const std::vector<std::string>& chosen) const {
  Data events = web::list();
  for (const auto& source : services_.webhookSources.all()) {
    Data d;
    d.set("event", source.event);
    if (std::find(chosen.begin(), chosen.end(), source.event) != chosen.end())
      d.set("checked", true);
    events.push_back(d);
  }
  return events;
}

WebResponse WebhookPages::list(WebRequest& request, const std::string& error, int status) {
  Data rows = web::list();
  for (const auto& w : services_.webhooks.list()) {
    Data d;
    d.set("id", std::to_string(w.id));
    d.set("url", w.url);
    d.set("events", commaSeparated(w.events));
    d.set("state", std::string(w.enabled ? "on" : "off"));
    d.set("createdBy", w.createdBy);
    rows.push_back(d);
  }
  Data data;
  data.set("webhooks", rows);
  data.set("events",
           eventOptions(error.empty() ? std::vector<std::string>{} : request.fields("events")));
  if (!error.empty()) {
    data.set("error", error);
    data.set("f_url", request.field("url"));
  }
  return renderer_.page(request, "webhooks", "Webhooks", data, status);
}

WebResponse WebhookPages::show(WebRequest& request, std::int64_t id, const std::string& error,
                               const std::string& newSecret, int status) {
  const auto w = services_.webhooks.get(id);  // ApiError 404
  const bool posted = !error.empty();
  Data data;
  data.set("id", std::to_string(w.id));
  data.set("webhookId", std::to_string(w.id));
  data.set("url", posted ? request.field("url") : w.url);
  data.set("events", eventOptions(posted ? request.fields("events") : w.events));
  if (posted ? request.has("enabled") : w.enabled) data.set("enabled", true);
  if (!error.empty()) data.set("error", error);
  if (!newSecret.empty()) data.set("newSecret", newSecret);
  Data deliveries = web::list();
  for (const auto& d : services_.webhooks.deliveries(id, 0, kDeliveriesShown)) {
    Data row;
    row.set("id", std::to_string(d.id));
    row.set("events", d.events);
    row.set("count", text(d.eventCount));
    row.set("state", d.state);
    row.set("attempts", text(d.attempts));
    row.set("lastStatus", d.lastStatus ? std::to_string(*d.lastStatus) : std::string());
    if (!d.lastError.empty()) row.set("lastError", d.lastError);
    row.set("created", host::isoTime(d.createdAt));
    if (d.state == "pending") row.set("next", host::isoTime(d.nextAt));
    if (d.state == "failed") row.set("failed", true);
    deliveries.push_back(row);
  }
  data.set("deliveries", deliveries);
  return renderer_.page(request, "webhook", "Webhook " + std::to_string(w.id), data, status);
}

WebResponse WebhookPages::create(WebRequest& request) {
  try {
    const auto w = services_.webhooks.create(inputOf(request, true), request.caller().name);
    // The secret is shown this once, on the webhook's page; a redirect would lose it.
    return show(request, w.id, {}, w.secret, 201);
  } catch (const host::ApiError& e) {
    if (!isFormProblem(e)) throw;
    return list(request, problemText(e), 422);
  }
}

WebResponse WebhookPages::update(WebRequest& request) {
  const auto id = request.pathId(0, "webhook");
  try {
    const auto input = inputOf(request, false);
    const auto w = services_.webhooks.update(id, input);
    if (input.secret) return show(request, id, {}, w.secret, 200);
    return WebResponse::redirect("/webhooks/" + std::to_string(id), "Webhook saved.");
  } catch (const host::ApiError& e) {
    if (!isFormProblem(e)) throw;
    return show(request, id, problemText(e), {}, 422);
  }
}

WebResponse WebhookPages::remove(WebRequest& request) {
  services_.webhooks.remove(request.pathId(0, "webhook"));
  return WebResponse::redirect("/webhooks", "Webhook deleted.");
}

WebResponse WebhookPages::ping(WebRequest& request) {
  const auto id = request.pathId(0, "webhook");
  services_.webhooks.ping(id);
  return WebResponse::redirect("/webhooks/" + std::to_string(id),
                               "A ping is on its way; its delivery is listed below.");
}

WebResponse WebhookPages::retry(WebRequest& request) {
  const auto id = request.pathId(0, "webhook");
  const auto delivery = request.pathId(1, "delivery");
  const auto back = "/webhooks/" + std::to_string(id);
  try {
    services_.webhooks.retry(id, delivery);
  } catch (const host::ApiError& e) {
    if (e.status() != 409) throw;
    return WebResponse::redirect(back, e.what());
  }
  return WebResponse::redirect(back, "Delivery " + std::to_string(delivery) + " is sent again.");
}

}  // namespace pigeon::web
