#include "api/reminders_api.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include "api/json_util.h"
#include "campaigns/quiet_hours.h"

namespace pigeon::host {

namespace {

const std::set<std::string> kRuleFields{"name",        "entity_type", "time_field",  "offsets",
                                        "template",    "from",        "quiet_hours", "time_zone",
                                        "group_field", "criteria",    "enabled"};

ReminderDraft readDraft(const Poco::JSON::Object& o) {
  rejectUnknownFields(o, kRuleFields);
  ReminderDraft d;
  d.name = requiredString(o, "name");
  d.entityType = optionalString(o, "entity_type").value_or(d.entityType);
  d.timeField = optionalString(o, "time_field").value_or(d.timeField);
  if (!o.has("offsets") || !o.isArray("offsets"))
    throw ApiError(422, "invalid_value", "offsets must be a list such as [\"24h\", \"2h\"]",
                   "offsets");
  for (const auto& v : *o.getArray("offsets"))
    d.offsets.push_back(v.isInteger() ? std::to_string(v.convert<long long>()) : v.toString());
  if (!o.has("template") || o.isNull("template"))
    throw ApiError(422, "invalid_value", "template is required", "template");
  d.templateRef = o.get("template").isInteger()
                      ? std::to_string(o.get("template").convert<long long>())
                      : requiredString(o, "template");
  d.from = optionalString(o, "from").value_or("");
  if (o.has("quiet_hours"))
    d.quietHours = o.isNull("quiet_hours") ? "none" : requiredString(o, "quiet_hours");
  d.timeZone = optionalString(o, "time_zone").value_or("");
  if (o.has("group_field"))
    d.groupField = o.isNull("group_field") ? "" : requiredString(o, "group_field");
  if (o.has("criteria") && !o.isNull("criteria")) d.criteria = o.get("criteria");
  d.enabled = optionalBool(o, "enabled").value_or(true);
  return d;
}

Poco::JSON::Object ruleJson(const db::ReminderRule& r) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("id", r.id);
  o.set("name", r.name);
  o.set("entity_type", r.entityType);
  o.set("time_field", r.timeField);
  Poco::JSON::Array offsets;
  for (int m : r.offsets) offsets.add(ReminderService::formatOffset(m));
  o.set("offsets", offsets);
  o.set("template", r.templateId);
  o.set("from", textOrNull(r.from));
  o.set("quiet_hours", textOrNull(campaigns::QuietHours{r.quietFrom, r.quietTo}.format()));
  o.set("time_zone", r.timeZone);
  o.set("group_field", textOrNull(r.groupField));
  o.set("criteria",
        r.criteria.empty() ? Poco::Dynamic::Var() : Poco::JSON::Parser().parse(r.criteria));
  o.set("enabled", r.enabled);
  o.set("created_by", textOrNull(r.author));
  o.set("created_at", isoTime(r.createdAt));
  o.set("updated_at", isoTime(r.updatedAt));
  return o;
}

Poco::JSON::Object countsJson(const std::map<std::string, std::int64_t>& counts) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const auto& [name, n] : counts) o.set(name, n);
  return o;
}

std::int64_t pathId(const ApiRequest& r) {
  if (auto id = parseId(r.pathParams.at(0))) return *id;
  throw ApiError(404, "not_found", "no reminder rule " + r.pathParams.at(0));
}

}  // namespace

void RemindersApi::registerRoutes(Router& router) {
  using A = Route::Access;
  const std::string read = "view_bulk", write = "send_bulk";
  const std::string rules = "/api/v1/reminder-rules";
  router.add({"GET", rules, A::kAuthenticated, read, [this](auto& r) { return list(r); }});
  router.add({"POST", rules, A::kAuthenticated, write, [this](auto& r) { return create(r); }});
  router.add({"GET", rules + "/{id}", A::kAuthenticated, read, [this](auto& r) { return get(r); }});
  router.add(
      {"PUT", rules + "/{id}", A::kAuthenticated, write, [this](auto& r) { return update(r); }});
  router.add(
      {"DELETE", rules + "/{id}", A::kAuthenticated, write, [this](auto& r) { return remove(r); }});
  router.add(
      {"GET", "/api/v1/reminders", A::kAuthenticated, read, [this](auto& r) { return day(r); }});
  router.add({"GET", "/api/v1/reminders/report", A::kAuthenticated, read,
              [this](auto& r) { return report(r); }});
}

ApiResponse RemindersApi::list(ApiRequest&) {
  Poco::JSON::Array items;
  for (const auto& r : reminders_.list()) items.add(ruleJson(r));
  Poco::JSON::Object out;
  out.set("reminder_rules", items);
  return {200, toJson(out)};
}

ApiResponse RemindersApi::create(ApiRequest& request) {
  const auto o = parseJsonObject(request.body);
  return {201, toJson(ruleJson(reminders_.create(readDraft(*o), *request.caller)))};
}

ApiResponse RemindersApi::get(ApiRequest& request) {
  return {200, toJson(ruleJson(reminders_.get(pathId(request))))};
}

ApiResponse RemindersApi::update(ApiRequest& request) {
  const auto id = pathId(request);
  const auto o = parseJsonObject(request.body);
  return {200, toJson(ruleJson(reminders_.update(id, readDraft(*o), *request.caller)))};
}

ApiResponse RemindersApi::remove(ApiRequest& request) {
  reminders_.remove(pathId(request));
  return {204, ""};
}

ApiResponse RemindersApi::day(ApiRequest& request) {
  const auto day = reminders_.day(request.queryValue("date"), request.queryValue("time_zone"));
  Poco::JSON::Array items;
  for (const auto& i : day.items) {
    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("rule", i.ruleId);
    o.set("entity_id", i.entityId);
    o.set("offset", ReminderService::formatOffset(i.offset));
    o.set("starts_at", isoTime(i.startsAt));
    o.set("due_at", isoTime(i.dueAt));
    o.set("state", i.state);
    o.set("reason", textOrNull(i.reason));
    o.set("group", textOrNull(i.group));
    o.set("message_id", i.messageId ? Poco::Dynamic::Var(i.messageId) : Poco::Dynamic::Var());
    items.add(o);
  }
  Poco::JSON::Object counts(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const auto& [group, byState] : day.counts) counts.set(group, countsJson(byState));
  Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
  out.set("counts", counts);
  out.set("reminders", items);
  return {200, toJson(out)};
}

ApiResponse RemindersApi::report(ApiRequest& request) {
  const auto report = reminders_.report(request.queryValue("from"), request.queryValue("to"),
                                        request.queryValue("time_zone"));
  Poco::JSON::Array lines;
  for (const auto& [date, groups] : report)
    for (const auto& [group, t] : groups) {
      Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
      o.set("date", date);
      o.set("group", textOrNull(group));
      o.set("sent", t.sent);
      o.set("delivered", t.delivered);
      o.set("failed", t.failed);
      o.set("pending", t.pending);
      o.set("skipped", t.skipped);
      o.set("skipped_by", countsJson(t.skippedBy));
      o.set("reminded", t.reminded);
      o.set("now", countsJson(t.rowStatus));
      lines.add(o);
    }
  Poco::JSON::Object out;
  out.set("report", lines);
  return {200, toJson(out)};
}

}  // namespace pigeon::host
