#include "api/opt_outs_api.h"

#include <Poco/JSON/Array.h>

#include <charconv>

#include "api/json_util.h"
#include "keywords/text_fold.h"

namespace pigeon::host {

namespace {

constexpr int kMaxLimit = 1000;
constexpr int kHistory = 100;
constexpr std::size_t kMaxReason = 500;

Poco::JSON::Object eventJson(const db::ConsentEvent& e) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("action", e.optOut ? "opt_out" : "opt_in");
  o.set("channel", e.channel);
  o.set("detail", textOrNull(e.detail));
  o.set("inbound_id", e.inboundId ? Poco::Dynamic::Var(e.inboundId) : Poco::Dynamic::Var());
  o.set("user", textOrNull(e.userName));
  o.set("at", isoTime(e.at));
  return o;
}

std::string reasonOf(const std::string& body) {
  if (body.empty()) return "";
  auto root = parseJsonObject(body);
  rejectUnknownFields(*root, {"phone", "reason"});
  auto reason = optionalString(*root, "reason").value_or("");
  if (reason.size() > kMaxReason)
    throw ApiError(422, "invalid_value", "reason is longer than 500 bytes", "reason");
  return reason;
}

}  // namespace

void OptOutsApi::registerRoutes(Router& router) {
  using A = Route::Access;
  router.add({"GET", "/api/v1/opt-outs", A::kAuthenticated, "view_personal_data",
              [this](auto& r) { return list(r); }});
  router.add({"POST", "/api/v1/opt-outs", A::kAuthenticated, "send_single",
              [this](auto& r) { return optOut(r); }});
  router.add({"GET", "/api/v1/opt-outs/{phone}", A::kAuthenticated, "view_personal_data",
              [this](auto& r) { return get(r); }});
  router.add({"DELETE", "/api/v1/opt-outs/{phone}", A::kAuthenticated, "manage_rules",
              [this](auto& r) { return optIn(r); }});
}

std::string OptOutsApi::number(const std::string& text, const std::string& field) const {
  auto n = phones_.normalize(text);
  if (!n.ok) throw ApiError(422, "invalid_number", n.reason, field);
  return n.e164;
}

ApiResponse OptOutsApi::list(ApiRequest& request) {
  int limit = 100;
  if (auto text = request.queryValue("limit"); !text.empty()) {
    auto r = std::from_chars(text.data(), text.data() + text.size(), limit);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size() || limit < 1 || limit > kMaxLimit)
      throw ApiError(400, "invalid_limit", "'limit' must be an integer from 1 to 1000", "limit");
  }
  auto after = request.queryValue("after");
  if (!after.empty() && after.front() == ' ') after.front() = '+';  // '+' decoded as a space
  std::vector<db::OptOut> rows;
  {
    auto c = pool_.acquire();
    rows = db::ConsentRepository::list(*c, after, limit);
  }
  Poco::JSON::Array items;
  for (const auto& o : rows) {
    Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
    item.set("phone", o.phone);
    item.set("since", isoTime(o.since));
    item.set("channel", o.channel);
    items.add(item);
  }
  Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
  out.set("opt_outs", items);
  const bool full = static_cast<int>(rows.size()) == limit;
  out.set("next_after", full ? Poco::Dynamic::Var(rows.back().phone) : Poco::Dynamic::Var());
  return {200, toJson(out)};
}

ApiResponse OptOutsApi::get(ApiRequest& request) {
  const auto phone = number(request.pathParams.at(0), "phone");
  std::optional<db::OptOut> current;
  std::vector<db::ConsentEvent> history;
  {
    auto c = pool_.acquire();
    current = db::ConsentRepository::find(*c, phone);
    history = db::ConsentRepository::history(*c, phone, kHistory);
  }
  Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
  out.set("phone", phone);
  out.set("opted_out", current.has_value());
  out.set("since", current ? Poco::Dynamic::Var(isoTime(current->since)) : Poco::Dynamic::Var());
  Poco::JSON::Array events;
  for (const auto& e : history) events.add(eventJson(e));
  out.set("history", events);
  return {200, toJson(out)};
}

ApiResponse OptOutsApi::optOut(ApiRequest& request) {
  auto root = parseJsonObject(request.body);
  const auto phone = number(requiredString(*root, "phone"), "phone");
  db::ConsentEvent e;
  e.phone = phone;
  e.optOut = true;
  e.channel = "api";
  e.detail = reasonOf(request.body);
  e.userName = request.caller->name;
  const bool changed = consent_.record(e);
  Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
  out.set("phone", phone);
  out.set("opted_out", true);
  return {changed ? 201 : 200, toJson(out)};
}

ApiResponse OptOutsApi::optIn(ApiRequest& request) {
  const auto phone = number(request.pathParams.at(0), "phone");
  db::ConsentEvent e;
  e.phone = phone;
  e.optOut = false;
  e.channel = "api";
  e.detail = keywords::utf8Prefix(request.queryValue("reason"), kMaxReason);
  e.userName = request.caller->name;
  if (!consent_.record(e))
    throw ApiError(404, "not_opted_out", phone + " is not opted out", "phone");
  return {204, ""};
}

}  // namespace pigeon::host
