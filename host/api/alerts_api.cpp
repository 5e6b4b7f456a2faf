#include "api/alerts_api.h"

#include <limits>

#include <Poco/JSON/Array.h>

#include "api/json_util.h"

namespace pigeon::host {

namespace {

const std::set<std::string> kGroupFields{"name", "members"};
const std::set<std::string> kMemberFields{"name", "phone"};
const std::set<std::string> kRuleFields{"name",         "kind",      "severity", "group",
                                        "subject",      "threshold", "message",  "dedupe_s",
                                        "max_per_hour", "repeat_s",  "enabled"};

std::int64_t pathId(const ApiRequest& r, const std::string& what) {
  if (auto id = parseId(r.pathParams.at(0))) return *id;
  throw ApiError(404, "not_found", "no " + what + " " + r.pathParams.at(0));
}

int wholeNumber(const Poco::JSON::Object& o, const std::string& name, int fallback) {
  if (!o.has(name) || o.isNull(name)) return fallback;
  if (!o.get(name).isInteger())
    throw ApiError(422, "invalid_value", name + " must be a whole number", name);
  return static_cast<int>(std::clamp<long long>(o.get(name).convert<long long>(), -1, 1000000000));
}

StaffGroupDraft readGroup(const Poco::JSON::Object& o) {
  rejectUnknownFields(o, kGroupFields);
  StaffGroupDraft d;
  d.name = requiredString(o, "name");
  if (!o.has("members") || !o.isArray("members"))
    throw ApiError(422, "invalid_value", "members must be a list of {\"name\", \"phone\"}",
                   "members");
  const auto members = o.getArray("members");
  for (unsigned i = 0; i < members->size(); ++i) {
    const auto field = "members[" + std::to_string(i) + "]";
    auto m = members->getObject(i);
    if (!m) throw ApiError(422, "invalid_value", field + " must be an object", field);
    rejectUnknownFields(*m, kMemberFields, field + ".");
    d.members.push_back({requiredString(*m, "phone", field + "."),
                         optionalString(*m, "name", field + ".").value_or("")});
  }
  return d;
}

AlertRuleDraft readRule(const Poco::JSON::Object& o) {
  rejectUnknownFields(o, kRuleFields);
  AlertRuleDraft d;
  d.name = requiredString(o, "name");
  d.kind = requiredString(o, "kind");
  d.severity = optionalString(o, "severity").value_or(d.severity);
  if (!o.has("group") || o.isNull("group"))
    throw ApiError(422, "invalid_value", "group is required", "group");
  d.group = o.get("group").isInteger() ? std::to_string(o.get("group").convert<long long>())
                                       : requiredString(o, "group");
  d.subject = optionalString(o, "subject").value_or("");
  if (o.has("threshold") && !o.isNull("threshold")) {
    if (!o.get("threshold").isNumeric())
      throw ApiError(422, "invalid_value", "threshold must be a number", "threshold");
    d.threshold = o.get("threshold").convert<double>();
  }
  d.message = optionalString(o, "message").value_or("");
  d.dedupeSeconds = wholeNumber(o, "dedupe_s", d.dedupeSeconds);
  d.maxPerHour = wholeNumber(o, "max_per_hour", d.maxPerHour);
  d.repeatSeconds = wholeNumber(o, "repeat_s", d.repeatSeconds);
  d.enabled = optionalBool(o, "enabled").value_or(true);
  return d;
}

Poco::JSON::Object groupJson(const db::StaffGroup& g) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("id", g.id);
  o.set("name", g.name);
  Poco::JSON::Array members;
  for (const auto& m : g.members) {
    Poco::JSON::Object member(Poco::JSON_PRESERVE_KEY_ORDER);
    member.set("name", textOrNull(m.name));
    member.set("phone", m.phone);
    members.add(member);
  }
  o.set("members", members);
  return o;
}

Poco::JSON::Object ruleJson(const db::AlertRule& r) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("id", r.id);
  o.set("name", r.name);
  o.set("kind", r.kind);
  o.set("severity", r.severity);
  o.set("group", r.groupId);
  o.set("subject", textOrNull(r.subject));
  o.set("threshold", r.threshold);
  o.set("message", textOrNull(r.message));
  o.set("dedupe_s", r.dedupeSeconds);
  o.set("max_per_hour", r.maxPerHour);
  o.set("repeat_s", r.repeatSeconds);
  o.set("enabled", r.enabled);
  o.set("created_by", textOrNull(r.author));
  return o;
}

Poco::Dynamic::Var timeOrNull(std::int64_t at) {
  return at ? Poco::Dynamic::Var(isoTime(at)) : Poco::Dynamic::Var();
}

Poco::JSON::Object alertJson(const db::AlertRecord& a) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("id", a.id);
  o.set("rule", a.ruleId);
  o.set("key", a.key);
  o.set("severity", a.severity);
  o.set("text", a.text);
  o.set("state", a.state);
  o.set("raised_at", isoTime(a.raisedAt));
  o.set("last_raised_at", isoTime(a.lastRaisedAt));
  o.set("occurrences", a.occurrences);
  o.set("notified_at", timeOrNull(a.notifiedAt));
  o.set("notifications", a.notifications);
  o.set("suppressed", a.suppressed);
  o.set("acknowledged_by", textOrNull(a.acknowledgedBy));
  o.set("acknowledged_at", timeOrNull(a.acknowledgedAt));
  o.set("resolved_at", timeOrNull(a.resolvedAt));
  return o;
}

}  // namespace

void AlertsApi::registerRoutes(Router& router) {
  using A = Route::Access;
  const std::string manage = "manage_rules";
  const std::string groups = "/api/v1/staff-groups", rules = "/api/v1/alert-rules";
  router.add(
      {"GET", groups, A::kAuthenticated, manage, [this](auto& r) { return this->groups(r); }});
  router.add({"POST", groups, A::kAuthenticated, manage, [this](auto& r) { return saveGroup(r); }});
  router.add(
      {"GET", groups + "/{id}", A::kAuthenticated, manage, [this](auto& r) { return group(r); }});
  router.add({"PUT", groups + "/{id}", A::kAuthenticated, manage,
              [this](auto& r) { return saveGroup(r); }});
  router.add({"DELETE", groups + "/{id}", A::kAuthenticated, manage,
              [this](auto& r) { return removeGroup(r); }});
  router.add({"GET", rules, A::kAuthenticated, manage, [this](auto& r) { return this->rules(r); }});
  router.add({"POST", rules, A::kAuthenticated, manage, [this](auto& r) { return saveRule(r); }});
  router.add(
      {"GET", rules + "/{id}", A::kAuthenticated, manage, [this](auto& r) { return rule(r); }});
  router.add(
      {"PUT", rules + "/{id}", A::kAuthenticated, manage, [this](auto& r) { return saveRule(r); }});
  router.add({"DELETE", rules + "/{id}", A::kAuthenticated, manage,
              [this](auto& r) { return removeRule(r); }});
  router.add({"GET", "/api/v1/alerts", A::kAuthenticated, "view_bulk",
              [this](auto& r) { return list(r); }});
  router.add({"POST", "/api/v1/alerts", A::kAuthenticated, "send_single",
              [this](auto& r) { return raise(r); }});
  router.add({"GET", "/api/v1/alerts/{id}", A::kAuthenticated, "view_bulk",
              [this](auto& r) { return get(r); }});
  for (const std::string action : {"acknowledge", "resolve"})
    router.add({"POST", "/api/v1/alerts/{id}/" + action, A::kAuthenticated, "view_bulk",
                [this, action](auto& r) { return act(r, action); }});
}

ApiResponse AlertsApi::groups(ApiRequest&) {
  Poco::JSON::Array items;
  for (const auto& g : alerts_.groups()) items.add(groupJson(g));
  Poco::JSON::Object out;
  out.set("staff_groups", items);
  return {200, toJson(out)};
}

ApiResponse AlertsApi::saveGroup(ApiRequest& request) {
  const auto draft = readGroup(*parseJsonObject(request.body));
  if (request.pathParams.empty()) return {201, toJson(groupJson(alerts_.createGroup(draft)))};
  return {200, toJson(groupJson(alerts_.updateGroup(pathId(request, "staff group"), draft)))};
}

ApiResponse AlertsApi::group(ApiRequest& request) {
  return {200, toJson(groupJson(alerts_.group(pathId(request, "staff group"))))};
}

ApiResponse AlertsApi::removeGroup(ApiRequest& request) {
  alerts_.removeGroup(pathId(request, "staff group"));
  return {204, ""};
}

ApiResponse AlertsApi::rules(ApiRequest&) {
  Poco::JSON::Array items;
  for (const auto& r : alerts_.rules()) items.add(ruleJson(r));
  Poco::JSON::Object out;
  out.set("alert_rules", items);
  return {200, toJson(out)};
}

ApiResponse AlertsApi::saveRule(ApiRequest& request) {
  const auto draft = readRule(*parseJsonObject(request.body));
  if (request.pathParams.empty())
    return {201, toJson(ruleJson(alerts_.createRule(draft, *request.caller)))};
  return {
      200,
      toJson(ruleJson(alerts_.updateRule(pathId(request, "alert rule"), draft, *request.caller)))};
}

ApiResponse AlertsApi::rule(ApiRequest& request) {
  return {200, toJson(ruleJson(alerts_.rule(pathId(request, "alert rule"))))};
}

ApiResponse AlertsApi::removeRule(ApiRequest& request) {
  alerts_.removeRule(pathId(request, "alert rule"));
  return {204, ""};
}

ApiResponse AlertsApi::list(ApiRequest& request) {
  const auto before = request.queryValue("before");
  const auto beforeId =
      before.empty() ? std::numeric_limits<std::int64_t>::max() : parseId(before).value_or(0);
  const auto limitText = request.queryValue("limit");
  const auto limit =
      limitText.empty() ? 100 : std::clamp<std::int64_t>(parseId(limitText).value_or(100), 1, 1000);
  Poco::JSON::Array items;
  for (const auto& a : alerts_.list(request.queryValue("state"), beforeId, static_cast<int>(limit)))
    items.add(alertJson(a));
  Poco::JSON::Object out;
  out.set("alerts", items);
  return {200, toJson(out)};
}

ApiResponse AlertsApi::raise(ApiRequest& request) {
  const auto o = parseJsonObject(request.body);
  rejectUnknownFields(*o, {"rule", "key", "text"});
  if (!o->has("rule") || o->isNull("rule"))
    throw ApiError(422, "invalid_value", "rule is required", "rule");
  const auto rule = o->get("rule").isInteger() ? std::to_string(o->get("rule").convert<long long>())
                                               : requiredString(*o, "rule");
  const auto alert =
      alerts_.raiseByApi(rule, optionalString(*o, "key").value_or(""), requiredString(*o, "text"));
  return {201, toJson(alertJson(alert))};
}

ApiResponse AlertsApi::get(ApiRequest& request) {
  return {200, toJson(alertJson(alerts_.get(pathId(request, "alert"))))};
}

ApiResponse AlertsApi::act(ApiRequest& request, const std::string& action) {
  const auto id = pathId(request, "alert");
  if (action == "acknowledge")
    return {200, toJson(alertJson(alerts_.acknowledge(id, request.caller->name)))};
  return {200, toJson(alertJson(alerts_.resolve(id)))};
}

}  // namespace pigeon::host
