#include "api/automations_api.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "api/json_util.h"

namespace pigeon::host {

namespace {

Poco::JSON::Object automationJson(const db::AutomationRecord& a,
                                  const Poco::Dynamic::Var& templateName) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("id", a.id);
  o.set("name", a.name);
  o.set("entity_type", a.entityType);
  o.set("on", a.trigger);
  Poco::JSON::Array fields;
  for (const auto& f : a.fields) fields.add(f);
  o.set("fields", fields);
  o.set("criteria", Poco::JSON::Parser().parse(a.criteria));
  o.set("template", templateName);
  o.set("template_id", a.templateId);
  o.set("to_field", textOrNull(a.toField));
  o.set("from", textOrNull(a.from));
  o.set("enabled", a.enabled);
  o.set("author", textOrNull(a.author));
  o.set("created_at", isoTime(a.createdAt));
  o.set("updated_at", isoTime(a.updatedAt));
  return o;
}

std::int64_t pathId(const ApiRequest& r) {
  if (auto id = parseId(r.pathParams.at(0))) return *id;
  throw ApiError(404, "not_found", "no automation " + r.pathParams.at(0));
}

}  // namespace

void AutomationsApi::registerRoutes(Router& router) {
  using A = Route::Access;
  const std::string right = "manage_rules";
  router.add({"GET", "/api/v1/automations", A::kAuthenticated, right,
              [this](auto& r) { return list(r); }});
  router.add({"POST", "/api/v1/automations", A::kAuthenticated, right,
              [this](auto& r) { return create(r); }});
  router.add({"GET", "/api/v1/automations/{id}", A::kAuthenticated, right,
              [this](auto& r) { return get(r); }});
  router.add({"PUT", "/api/v1/automations/{id}", A::kAuthenticated, right,
              [this](auto& r) { return update(r); }});
  router.add({"DELETE", "/api/v1/automations/{id}", A::kAuthenticated, right,
              [this](auto& r) { return remove(r); }});
}

// {"name", "entity_type", "on", "fields", "criteria", "template" (name or id), "to_field",
//  "from", "enabled"}
db::AutomationRecord AutomationsApi::read(const ApiRequest& request) {
  auto o = parseJsonObject(request.body);
  rejectUnknownFields(*o, {"name", "entity_type", "on", "fields", "criteria", "template",
                           "to_field", "from", "enabled"});
  db::AutomationRecord a;
  a.name = requiredString(*o, "name");
  a.entityType = requiredString(*o, "entity_type");
  a.trigger = optionalString(*o, "on").value_or("created");
  a.fields = optionalStringArray(*o, "fields").value_or(std::vector<std::string>{});
  if (o->has("criteria") && !o->isNull("criteria")) {
    std::ostringstream json;
    Poco::JSON::Stringifier::stringify(o->get("criteria"), json);
    a.criteria = json.str();
  }
  const auto reference = o->has("template") && o->get("template").isInteger()
                             ? std::to_string(o->get("template").convert<long long>())
                             : requiredString(*o, "template");
  a.templateId = templates_.byReference(reference, "template").id;
  a.toField = optionalString(*o, "to_field").value_or("");
  a.from = optionalString(*o, "from").value_or("");
  a.enabled = optionalBool(*o, "enabled").value_or(true);
  return a;
}

// The template's name; null if it went (deleting one an automation sends is refused, but the
// list must still show what is there).
Poco::Dynamic::Var AutomationsApi::templateName(std::int64_t id) {
  try {
    return templates_.get(id).name;
  } catch (const ApiError&) {
    return {};
  }
}

ApiResponse AutomationsApi::list(ApiRequest&) {
  Poco::JSON::Array items;
  for (const auto& a : rules_.list()) items.add(automationJson(a, templateName(a.templateId)));
  Poco::JSON::Object out;
  out.set("automations", items);
  return {200, toJson(out)};
}

ApiResponse AutomationsApi::create(ApiRequest& request) {
  const auto a = rules_.create(read(request), *request.caller);
  return {201, toJson(automationJson(a, templateName(a.templateId)))};
}

ApiResponse AutomationsApi::get(ApiRequest& request) {
  const auto a = rules_.get(pathId(request));
  return {200, toJson(automationJson(a, templateName(a.templateId)))};
}

ApiResponse AutomationsApi::update(ApiRequest& request) {
  const auto id = pathId(request);
  const auto a = rules_.update(id, read(request), *request.caller);
  return {200, toJson(automationJson(a, templateName(a.templateId)))};
}

ApiResponse AutomationsApi::remove(ApiRequest& request) {
  rules_.remove(pathId(request));
  return {204, ""};
}

}  // namespace pigeon::host
