#include "api/inbound_api.h"

#include <Poco/JSON/Array.h>

#include <charconv>

#include "api/json_util.h"
#include "api/message_json.h"

namespace pigeon::host {

namespace {

constexpr int kMaxLimit = 1000;

Poco::JSON::Object inboundJson(const db::InboundRecord& m, bool personalData) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("id", m.id);
  o.set("instance", m.instance);
  o.set("from", personalData ? m.from : maskNumber(m.from));
  o.set("to", m.to);
  if (personalData) o.set("text", m.body);
  o.set("provider_message_id", m.providerMessageId.empty()
                                   ? Poco::Dynamic::Var()
                                   : Poco::Dynamic::Var(m.providerMessageId));
  o.set("received_at", isoTime(m.receivedAt));
  // What the keyword engine made of it; null until it has handled it.
  Poco::Dynamic::Var entity, rule;
  if (m.entityId) {
    Poco::JSON::Object e(Poco::JSON_PRESERVE_KEY_ORDER);
    e.set("type", m.entityType);
    e.set("id", m.entityId);
    entity = e;
  }
  if (m.ruleId) {
    Poco::JSON::Object r(Poco::JSON_PRESERVE_KEY_ORDER);
    r.set("id", m.ruleId);
    r.set("name", m.ruleName.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(m.ruleName));
    rule = r;
  }
  o.set("entity", entity);
  o.set("rule", rule);
  // A handler's outcome may quote the text ("would create case (description=...)").
  const auto outcome = personalData ? m.outcome : "handled";
  o.set("outcome", m.handledAt ? Poco::Dynamic::Var(outcome) : Poco::Dynamic::Var());
  o.set("user_id", m.userId ? Poco::Dynamic::Var(m.userId) : Poco::Dynamic::Var());
  o.set("handled_at",
        m.handledAt ? Poco::Dynamic::Var(isoTime(m.handledAt)) : Poco::Dynamic::Var());
  return o;
}

}  // namespace

void InboundApi::registerRoutes(Router& router) {
  // Inbound SMS belong to no sender: reading them is reading everyone's traffic.
  router.add({"GET", "/api/v1/inbound", Route::Access::kAuthenticated, "view_bulk",
              [this](auto& r) { return list(r, false); }});
  // A user's inbox: replies to the numbers they own, or to messages they wrote last.
  router.add({"GET", "/api/v1/inbox", Route::Access::kAuthenticated, "view_single",
              [this](auto& r) { return list(r, true); }});
}

ApiResponse InboundApi::list(ApiRequest& request, bool inbox) {
  const auto& caller = *request.caller;
  const bool personal = caller.can("view_personal_data");
  db::InboundFilter f;
  if (inbox && !caller.can("view_bulk")) f.userId = caller.userId;
  if (auto from = request.queryValue("from"); !from.empty()) {
    if (!personal)
      throw ApiError(403, "forbidden", "filtering by number needs the right view_personal_data",
                     "from");
    if (from.front() == ' ') from.front() = '+';  // a query string's '+' decoded as a space
    auto n = phones_.normalize(from);
    f.from = n.ok ? n.e164 : from;  // a short code or an alphanumeric sender as it is
  }
  if (auto limit = request.queryValue("limit"); !limit.empty()) {
    int n = 0;
    auto r = std::from_chars(limit.data(), limit.data() + limit.size(), n);
    if (r.ec != std::errc() || r.ptr != limit.data() + limit.size() || n < 1 || n > kMaxLimit)
      throw ApiError(400, "invalid_limit", "'limit' must be an integer from 1 to 1000", "limit");
    f.limit = n;
  }
  if (auto cursor = request.queryValue("cursor"); !cursor.empty()) {
    f.beforeId = parseId(cursor);
    if (!f.beforeId)
      throw ApiError(400, "invalid_cursor", "cursor '" + cursor + "' is not an id", "cursor");
  }
  std::vector<db::InboundRecord> rows;
  {
    auto c = pool_.acquire();
    rows = repository_.list(*c, f);
  }
  Poco::JSON::Array list;
  for (const auto& m : rows) list.add(inboundJson(m, personal));
  Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
  out.set("messages", list);
  const bool full = static_cast<int>(rows.size()) == f.limit;
  out.set("next_cursor",
          full ? Poco::Dynamic::Var(std::to_string(rows.back().id)) : Poco::Dynamic::Var());
  return {200, toJson(out)};
}

}  // namespace pigeon::host
