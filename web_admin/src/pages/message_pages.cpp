#include "pages/message_pages.h"

#include <Poco/JSON/Object.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cstdio>

#include "api/api_types.h"
#include "api/json_util.h"
#include "api/message_access.h"
#include "api/message_json.h"
#include "pages/text_preview.h"
#include "pigeon/sdk/text/sms_text.h"
#include "repositories/message_repository.h"
#include "repositories/message_status.h"

namespace pigeon::web {

namespace {

constexpr int kPageSize = 50;
constexpr db::MessageStatus kStatuses[] = {
    db::MessageStatus::kQueued,    db::MessageStatus::kSending, db::MessageStatus::kSubmitted,
    db::MessageStatus::kDelivered, db::MessageStatus::kFailed,  db::MessageStatus::kExpired,
    db::MessageStatus::kRejected};

std::int64_t parseId(const std::string& text, int status, const std::string& what) {
  if (auto id = host::parseId(text)) return *id;
  throw host::ApiError(status, "invalid_id", what + " '" + text + "' is not a message id");
}

// "2026-11-24" -> that day's start, UTC, in ms.
std::optional<std::int64_t> parseDay(const std::string& day) {
  if (day.size() != 10 || day[4] != '-' || day[7] != '-') return std::nullopt;
  return host::parseTime(day + "T00:00:00Z");
}

Data step(const std::string& status, std::int64_t at, const std::string& detail) {
  Data d;
  d.set("status", status);
  d.set("at", host::isoTime(at));
  if (!detail.empty()) d.set("detail", detail);
  return d;
}

}  // namespace

void MessagePages::addRoutes(SiteRoutes& routes) {
  using A = SiteRoute::Access;
  routes.push_back(
      {"GET", "/messages", A::kSignedIn, "view_single", [this](auto& r) { return list(r); }});
  routes.push_back({"GET", "/messages/new", A::kSignedIn, "send_single",
                    [this](auto& r) { return sendForm(r); }});
  routes.push_back(
      {"POST", "/messages/new", A::kSignedIn, "send_single", [this](auto& r) { return send(r); }});
  routes.push_back({"POST", "/messages/preview", A::kSignedIn, "send_single",
                    [this](auto& r) { return preview(r); }});
  routes.push_back(
      {"GET", "/messages/{id}", A::kSignedIn, "view_single", [this](auto& r) { return show(r); }});
  routes.push_back({"POST", "/messages/{id}/requeue", A::kSignedIn, "send_single",
                    [this](auto& r) { return requeue(r); }});
}

WebResponse MessagePages::list(WebRequest& request) {
  const auto& caller = request.caller();
  const bool personal = caller.can("view_personal_data");
  db::MessageFilter filter;
  filter.limit = kPageSize;
  Data data;
  const auto status = request.queryValue("status");
  if (!status.empty()) {
    filter.status = db::parseStatus(status);
    if (!filter.status) throw host::ApiError(400, "invalid_status", "Unknown status " + status);
  }
  auto number = request.queryValue("number");
  if (!number.empty()) {
    // Searching by number would let someone who sees masked numbers guess them back.
    if (!personal)
      throw host::ApiError(403, "forbidden",
                           "Filtering by number needs the right view_personal_data");
    auto n = services_.phones.normalize(number);
    if (!n.ok) throw host::ApiError(400, "invalid_number", n.reason, "number");
    filter.to = n.e164;
    data.set("number", number);
  }
  const auto since = request.queryValue("since");
  if (!since.empty()) {
    filter.since = parseDay(since);
    if (!filter.since)
      throw host::ApiError(400, "invalid_date", "Since must be a date like 2026-11-24");
    data.set("since", since);
  }
  if (auto before = request.queryValue("before"); !before.empty())
    filter.beforeId = parseId(before, 400, "before");
  if (!caller.can("view_bulk")) filter.userId = caller.userId;

  db::MessagePage page;
  {
    auto c = services_.pool.acquire();
    page = db::MessageRepository().list(*c, filter);
  }
  Data rows = web::list();
  for (const auto& m : page.messages) {
    Data d;
    d.set("id", std::to_string(m.id));
    d.set("to", personal ? m.to : host::maskNumber(m.to));
    if (personal) d.set("text", m.body.size() > 60 ? m.body.substr(0, 57) + "..." : m.body);
    d.set("status", db::statusName(m.status));
    d.set("provider", m.provider);
    d.set("created", host::isoTime(m.createdAt));
    rows.push_back(d);
  }
  Data statuses = web::list();
  for (auto s : kStatuses) {
    Data d;
    d.set("value", db::statusName(s));
    if (filter.status == s) d.set("selected", true);
    statuses.push_back(d);
  }
  data.set("statuses", statuses);
  data.set("messages", rows);
  if (personal) data.set("personal", true);
  if (page.nextCursor) {
    // A searched filter may fill a page only partly: "Older" goes on searching.
    if (page.messages.size() < static_cast<std::size_t>(kPageSize)) data.set("searched", true);
    std::string query = "before=" + std::to_string(*page.nextCursor);
    for (const auto* key : {"status", "number", "since"})
      if (auto v = request.queryValue(key); !v.empty()) {
        std::string encoded;
        Poco::URI::encode(v, "&=+#?", encoded);
        query += std::string("&") + key + "=" + encoded;
      }
    data.set("older", query);
  }
  return renderer_.page(request, "messages", "Messages", data);
}

db::MessageRecord MessagePages::visibleMessage(const WebRequest& request) {
  return host::findVisibleMessage(services_.pool, parseId(request.params.at(0), 404, "message"),
                                  request.caller());
}

WebResponse MessagePages::show(WebRequest& request) {
  const auto record = visibleMessage(request);
  const auto* m = &record;
  const auto id = m->id;
  const auto& caller = request.caller();
  const bool personal = caller.can("view_personal_data");
  Data data;
  data.set("id", std::to_string(m->id));
  data.set("status", db::statusName(m->status));
  data.set("to", personal ? m->to : host::maskNumber(m->to));
  if (personal) data.set("text", m->body);
  if (!m->from.empty()) data.set("from", m->from);
  data.set("encoding", m->encoding);
  data.set("parts", std::to_string(m->parts));
  data.set("priority", db::priorityName(m->priority));
  data.set("provider", m->provider);
  if (!m->providerMessageId.empty()) data.set("providerMessageId", m->providerMessageId);
  data.set("attempts", std::to_string(m->attempts));
  if (!m->errorCode.empty() || !m->errorMessage.empty())
    data.set("error", m->errorCode + " " + m->errorMessage);
  if (!db::isFinal(m->status)) data.set("pending", true);
  if (m->status == db::MessageStatus::kFailed && caller.can("send_single"))
    data.set("canRequeue", true);
  // The timeline as the store tells it (creation, retries, submission, reports).
  Data timeline = web::list();
  for (const auto& e : m->events) {
    std::string detail = e.errorCode.empty() ? e.detail : e.errorCode + ": " + e.detail;
    if (detail.empty() && !e.providerMessageId.empty())
      detail = "provider id " + e.providerMessageId;
    timeline.push_back(step(e.status, e.at, detail));
  }
  data.set("timeline", timeline);
  return renderer_.page(request, "message", "Message " + std::to_string(id), data);
}

WebResponse MessagePages::requeue(WebRequest& request) {
  const auto id = visibleMessage(request).id;
  const auto& caller = request.caller();
  const auto back = "/messages/" + std::to_string(id);
  if (!services_.outbox.requeueFailed(id, caller.name))
    return WebResponse::redirect(
        back, "Message " + std::to_string(id) + " is not failed: nothing to send again.");
  return WebResponse::redirect(back, "Message " + std::to_string(id) + " is queued again.");
}

WebResponse MessagePages::renderSendForm(WebRequest& request, Data data, int status) {
  Data providers = web::list();
  const auto chosen = request.field("provider");
  for (const auto& p : services_.providers.all()) {
    Data d;
    d.set("name", p->name());
    if (p->name() == chosen) d.set("selected", true);
    providers.push_back(d);
  }
  data.set("providers", providers);
  data.set("defaultProvider", services_.providers.defaultName());
  return renderer_.page(request, "message_new", "Send a test message", data, status);
}

// "?to=" fills the number in (the inbox's Reply link).
WebResponse MessagePages::sendForm(WebRequest& request) {
  Data data;
  if (auto to = request.queryValue("to"); !to.empty()) data.set("to", to.substr(0, 64));
  return renderSendForm(request, data, 200);
}

WebResponse MessagePages::send(WebRequest& request) {
  const auto to = request.field("to", "To", 64);
  const auto body = request.field("text", "Text", 10000);
  const auto provider = request.field("provider", "Provider", 64);
  Data data;
  data.set("to", to);
  data.set("text", body);
  data.set("previewHtml",
           renderer_.fragment("message_preview", textPreview(services_, body, provider)));
  Poco::JSON::Object o;
  o.set("to", to);
  o.set("text", body);
  if (!provider.empty()) o.set("provider", provider);
  try {
    auto message = services_.messages.parseMessage(o, request.caller(), "");
    if (request.field("action") == "preview") return renderSendForm(request, data, 200);
    auto outcome = services_.outbox.enqueue({message}).at(0);
    const bool rejected = outcome.status == db::MessageStatus::kRejected;
    return WebResponse::redirect("/messages/" + std::to_string(outcome.id),
                                 "Message " + std::to_string(outcome.id) +
                                     (rejected ? " not sent: the number opted out." : " queued."));
  } catch (const host::ApiError& e) {
    if (e.status() != 422) throw;
    static const std::map<std::string, std::string> kLabels{
        {"to", "To"}, {"text", "Text"}, {"provider", "Provider"}};
    auto label = kLabels.count(e.field()) ? kLabels.at(e.field()) : e.field();
    data.set("error", label + ": " + e.what());
    data.set(e.field() + "Error", e.what());
    return renderSendForm(request, data, 422);
  }
}

WebResponse MessagePages::preview(WebRequest& request) {
  const auto body = request.field("text", "Text", 10000);
  WebResponse out;
  out.body = renderer_.fragment("message_preview",
                                textPreview(services_, body, request.field("provider")));
  return out;
}

}  // namespace pigeon::web
