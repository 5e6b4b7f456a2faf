#include "api/campaigns_api.h"

#include <Poco/JSON/Array.h>

#include "api/json_util.h"
#include "campaigns/quiet_hours.h"

namespace pigeon::host {

namespace {

const std::set<std::string> kCampaignFields{"name",      "selection", "template", "text",
                                            "from",      "starts_at", "ends_at",  "quiet_hours",
                                            "time_zone", "rate",      "priority", "start"};

// A reference given as a number or a name.
std::string reference(const Poco::JSON::Object& o, const std::string& name) {
  if (!o.has(name) || o.isNull(name)) return "";
  if (o.get(name).isInteger()) return std::to_string(o.get(name).convert<long long>());
  return requiredString(o, name);
}

std::optional<std::int64_t> time(const Poco::JSON::Object& o, const std::string& name) {
  if (!o.has(name) || o.isNull(name)) return std::nullopt;
  const auto text = o.get(name).isInteger() ? std::to_string(o.get(name).convert<long long>())
                                            : requiredString(o, name);
  auto at = parseTime(text);
  if (!at)
    throw ApiError(422, "invalid_value",
                   name + " must be an ISO-8601 time with its zone, such as 2026-12-24T09:00:00Z",
                   name);
  return at;
}

CampaignDraft readDraft(const Poco::JSON::Object& o) {
  rejectUnknownFields(o, kCampaignFields);
  CampaignDraft d;
  d.name = requiredString(o, "name");
  d.selection = reference(o, "selection");
  d.templateRef = reference(o, "template");
  d.text = optionalString(o, "text").value_or("");
  d.from = optionalString(o, "from").value_or("");
  d.startsAt = time(o, "starts_at");
  d.endsAt = time(o, "ends_at");
  if (o.has("quiet_hours"))
    d.quietHours = o.isNull("quiet_hours") ? "none" : requiredString(o, "quiet_hours");
  d.timeZone = optionalString(o, "time_zone").value_or("");
  if (o.has("rate") && !o.isNull("rate")) {
    if (!o.get("rate").isInteger())
      throw ApiError(422, "invalid_value", "rate must be a whole number of messages a second",
                     "rate");
    d.ratePerSecond =
        static_cast<int>(std::clamp<long long>(o.get("rate").convert<long long>(), -1, 1000000000));
  }
  const auto priority = optionalString(o, "priority").value_or("bulk");
  auto parsed = db::parsePriority(priority);
  if (!parsed)
    throw ApiError(422, "invalid_value", "priority must be high, normal or bulk", "priority");
  d.priority = *parsed;
  return d;
}

Poco::Dynamic::Var timeOrNull(std::int64_t at) {
  return at ? Poco::Dynamic::Var(isoTime(at)) : Poco::Dynamic::Var();
}

Poco::JSON::Object progressJson(const CampaignProgress& p) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("recipients", p.recipients);
  o.set("waiting", p.waiting);
  o.set("queued", p.queued);
  o.set("sent", p.sent);
  o.set("delivered", p.delivered);
  o.set("failed", p.failed);
  o.set("skipped", p.skipped);
  Poco::JSON::Object by(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const auto& [reason, n] : p.skippedBy) by.set(reason, n);
  o.set("skipped_by", by);
  o.set("replied", p.replied);
  o.set("opted_out", p.optedOut);
  const auto done = p.recipients - p.waiting - p.queued;
  o.set("percent", p.recipients ? static_cast<int>(done * 100 / p.recipients) : 0);
  o.set("rate_per_s", static_cast<std::int64_t>(p.ratePerSecond + 0.5));
  o.set("estimated_end", timeOrNull(p.estimatedEnd));
  return o;
}

std::int64_t pathId(const ApiRequest& r) {
  if (auto id = parseId(r.pathParams.at(0))) return *id;
  throw ApiError(404, "not_found", "no campaign " + r.pathParams.at(0));
}

}  // namespace

void CampaignsApi::registerRoutes(Router& router) {
  using A = Route::Access;
  const std::string read = "view_bulk", write = "send_bulk";
  router.add(
      {"GET", "/api/v1/campaigns", A::kAuthenticated, read, [this](auto& r) { return list(r); }});
  router.add({"POST", "/api/v1/campaigns", A::kAuthenticated, write,
              [this](auto& r) { return create(r); }});
  router.add({"GET", "/api/v1/campaigns/{id}", A::kAuthenticated, read,
              [this](auto& r) { return get(r); }});
  router.add({"PUT", "/api/v1/campaigns/{id}", A::kAuthenticated, write,
              [this](auto& r) { return update(r); }});
  router.add({"DELETE", "/api/v1/campaigns/{id}", A::kAuthenticated, write,
              [this](auto& r) { return remove(r); }});
  for (const std::string action : {"start", "pause", "resume", "cancel"})
    router.add({"POST", "/api/v1/campaigns/{id}/" + action, A::kAuthenticated, write,
                [this, action](auto& r) { return act(r, action); }});
}

Poco::JSON::Object CampaignsApi::campaignJson(const db::CampaignRecord& c) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("id", c.id);
  o.set("name", c.name);
  o.set("state", std::string(db::campaignStateName(c.state)));
  o.set("entity_type", c.entityType);
  o.set("selection", c.selectionId);
  o.set("template", c.templateId ? Poco::Dynamic::Var(c.templateId) : Poco::Dynamic::Var());
  o.set("text", textOrNull(c.body));
  o.set("from", textOrNull(c.from));
  o.set("starts_at", timeOrNull(c.startsAt));
  o.set("ends_at", timeOrNull(c.endsAt));
  o.set("quiet_hours", textOrNull(campaigns::QuietHours{c.quietFrom, c.quietTo}.format()));
  o.set("time_zone", c.timeZone);
  Poco::JSON::Array zones;  // the recipients' zones, as the freeze found them
  for (const auto& z : c.zones) zones.add(z);
  o.set("recipient_time_zones", zones);
  o.set("rate", c.ratePerSecond);
  o.set("priority", std::string(db::priorityName(c.priority)));
  o.set("created_by", textOrNull(c.author));
  o.set("created_at", isoTime(c.createdAt));
  o.set("updated_at", isoTime(c.updatedAt));
  o.set("started_at", timeOrNull(c.startedAt));
  o.set("frozen_at", timeOrNull(c.frozenAt));
  o.set("finished_at", timeOrNull(c.finishedAt));
  o.set("last_error", textOrNull(c.lastError));
  o.set("progress", progressJson(campaigns_.progress(c)));
  return o;
}

ApiResponse CampaignsApi::list(ApiRequest&) {
  Poco::JSON::Array items;
  for (const auto& c : campaigns_.list()) items.add(campaignJson(c));
  Poco::JSON::Object out;
  out.set("campaigns", items);
  return {200, toJson(out)};
}

ApiResponse CampaignsApi::create(ApiRequest& request) {
  const auto o = parseJsonObject(request.body);
  auto saved = campaigns_.create(readDraft(*o), *request.caller);
  if (optionalBool(*o, "start").value_or(false)) saved = campaigns_.start(saved.id);
  return {201, toJson(campaignJson(saved))};
}

ApiResponse CampaignsApi::get(ApiRequest& request) {
  return {200, toJson(campaignJson(campaigns_.get(pathId(request))))};
}

ApiResponse CampaignsApi::update(ApiRequest& request) {
  const auto id = pathId(request);
  const auto o = parseJsonObject(request.body);
  auto saved = campaigns_.update(id, readDraft(*o), *request.caller);
  if (optionalBool(*o, "start").value_or(false)) saved = campaigns_.start(saved.id);
  return {200, toJson(campaignJson(saved))};
}

ApiResponse CampaignsApi::remove(ApiRequest& request) {
  campaigns_.remove(pathId(request));
  return {204, ""};
}

ApiResponse CampaignsApi::act(ApiRequest& request, const std::string& action) {
  const auto id = pathId(request);
  using Action = db::CampaignRecord (CampaignService::*)(std::int64_t);
  static const std::map<std::string, Action> kActions{{"start", &CampaignService::start},
                                                      {"pause", &CampaignService::pause},
                                                      {"resume", &CampaignService::resume},
                                                      {"cancel", &CampaignService::cancel}};
  return {200, toJson(campaignJson((campaigns_.*kActions.at(action))(id)))};
}

}  // namespace pigeon::host
