#include "api/config_api.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include "api/json_util.h"
#include "repositories/audit_repository.h"

namespace pigeon::host {

namespace {

// {"field": "value" | number | boolean} -> text values, as in the config file.
std::map<std::string, std::string> textValues(const Poco::JSON::Object& o,
                                              const std::string& member) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : o) {
    if (v.isArray() || v.isStruct() || v.isEmpty() || v.type() == typeid(Poco::JSON::Object::Ptr) ||
        v.type() == typeid(Poco::JSON::Array::Ptr))
      throw ApiError(422, "invalid_type",
                     "field '" + member + "." + k + "' must be a string, number or boolean",
                     member + "." + k);
    out[k] = v.toString();
  }
  return out;
}

Poco::JSON::Object::Ptr objectMember(const Poco::JSON::Object& o, const std::string& name) {
  if (!o.has(name)) return new Poco::JSON::Object;
  auto member = o.getObject(name);
  if (!member) throw ApiError(422, "invalid_type", "field '" + name + "' must be an object", name);
  return member;
}

Poco::Dynamic::Var parsedOrText(const std::string& json) {
  if (json.empty()) return {};
  try {
    return Poco::JSON::Parser().parse(json);
  } catch (const Poco::Exception&) {
    return json;
  }
}

}  // namespace

void ConfigApi::registerRoutes(Router& router) {
  using A = Route::Access;
  // Before /api/v1/providers/{name}: the first route that fits wins, and "default" is no
  // instance name (ProviderAdmin refuses it).
  router.add({"PUT", "/api/v1/providers/default", A::kAuthenticated, "manage_providers",
              [this](auto& r) { return putDefault(r); }});
  router.add({"PUT", "/api/v1/providers/{name}", A::kAuthenticated, "manage_providers",
              [this](auto& r) { return putProvider(r); }});
  router.add({"DELETE", "/api/v1/providers/{name}", A::kAuthenticated, "manage_providers",
              [this](auto& r) { return deleteProvider(r); }});
  router.add({"POST", "/api/v1/providers/{name}/default", A::kAuthenticated, "manage_providers",
              [this](auto& r) { return makeDefault(r); }});
  router.add({"GET", "/api/v1/settings", A::kAuthenticated, "manage_providers",
              [this](auto& r) { return getSettings(r); }});
  router.add({"PUT", "/api/v1/settings", A::kAuthenticated, "manage_providers",
              [this](auto& r) { return putSettings(r); }});
  router.add({"GET", "/api/v1/audit", A::kAuthenticated, "manage_users",
              [this](auto& r) { return audit(r); }});
}

// Creates the instance, or replaces the settings of an admin-made one (an absent secret keeps
// its stored value).
ApiResponse ConfigApi::putProvider(ApiRequest& request) {
  const auto& name = request.pathParams.at(0);
  auto o = parseJsonObject(request.body);
  rejectUnknownFields(*o, {"plugin", "settings"});
  auto settings = textValues(*objectMember(*o, "settings"), "settings");
  const bool exists = providers_.exists(name);
  if (exists) {
    if (auto plugin = optionalString(*o, "plugin"); plugin && *plugin != providers_.pluginOf(name))
      throw ApiError(422, "plugin_change",
                     "an instance keeps its plugin; remove it and add a new one", "plugin");
    providers_.update(*request.caller, name, settings);
  } else {
    providers_.add(*request.caller, name, requiredString(*o, "plugin"), settings);
  }
  Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
  out.set("name", name);
  out.set("created", !exists);
  return {exists ? 200 : 201, toJson(out)};
}

ApiResponse ConfigApi::deleteProvider(ApiRequest& request) {
  providers_.remove(*request.caller, request.pathParams.at(0));
  return {204, ""};
}

ApiResponse ConfigApi::makeDefault(ApiRequest& request) {
  providers_.setDefault(*request.caller, request.pathParams.at(0));
  Poco::JSON::Object out;
  out.set("default", request.pathParams.at(0));
  return {200, toJson(out)};
}

ApiResponse ConfigApi::putDefault(ApiRequest& request) {
  auto o = parseJsonObject(request.body);
  rejectUnknownFields(*o, {"name"});
  const auto name = requiredString(*o, "name");
  providers_.setDefault(*request.caller, name);
  Poco::JSON::Object out;
  out.set("default", name);
  return {200, toJson(out)};
}

ApiResponse ConfigApi::getSettings(ApiRequest&) {
  Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const auto& [k, v] : settings_.current()) out.set(k, v);
  return {200, toJson(out)};
}

ApiResponse ConfigApi::putSettings(ApiRequest& request) {
  auto o = parseJsonObject(request.body);
  std::set<std::string> known;
  for (const auto& f : SettingsAdmin::schema()) known.insert(f.name);
  rejectUnknownFields(*o, known);
  // A partial body changes only what it names.
  auto values = settings_.current();
  for (const auto& [k, v] : textValues(*o, "settings")) values[k] = v;
  settings_.save(*request.caller, values);
  return getSettings(request);
}

ApiResponse ConfigApi::audit(ApiRequest& request) {
  std::optional<std::int64_t> before;
  if (auto cursor = request.queryValue("cursor"); !cursor.empty()) {
    before = parseId(cursor);
    if (!before) throw ApiError(400, "invalid_cursor", "'cursor' must be an entry id", "cursor");
  }
  constexpr int kPage = 100;
  std::vector<db::AuditEntry> entries;
  {
    auto c = pool_.acquire();
    entries = db::AuditRepository().list(*c, before, kPage + 1);
  }
  const bool more = entries.size() > kPage;
  if (more) entries.pop_back();
  Poco::JSON::Array list;
  for (const auto& e : entries) {
    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("id", e.id);
    o.set("at", isoTime(e.at));
    o.set("user", e.userName);
    o.set("action", e.action);
    o.set("target", e.target);
    o.set("before", parsedOrText(e.before));
    o.set("after", parsedOrText(e.after));
    list.add(o);
  }
  Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
  root.set("entries", list);
  root.set("next_cursor",
           more ? Poco::Dynamic::Var(std::to_string(entries.back().id)) : Poco::Dynamic::Var());
  return {200, toJson(root)};
}

}  // namespace pigeon::host
