#include "api/users_api.h"

#include <Poco/JSON/Array.h>

#include "api/json_util.h"

namespace pigeon::host {

namespace {

std::int64_t pathId(const std::string& text, const char* what) {
  if (auto id = parseId(text)) return *id;
  throw ApiError(404, "not_found", std::string("no ") + what + " " + text);
}

Poco::JSON::Object userJson(const db::UserRecord& u) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("id", u.id);
  o.set("name", u.name);
  o.set("role", u.role);
  Poco::JSON::Array rights;
  for (const auto& r : u.rights) rights.add(r);
  o.set("rights", rights);
  o.set("disabled", u.disabled);
  o.set("locked_until",
        u.lockedUntil ? Poco::Dynamic::Var(isoTime(u.lockedUntil)) : Poco::Dynamic::Var());
  o.set("created_at", isoTime(u.createdAt));
  return o;
}

// role, rights and disabled, shared by create and update.
void readAccess(const Poco::JSON::Object& o, UserForm& form) {
  form.role = optionalString(o, "role").value_or(form.role);
  if (o.has("rights")) {
    auto rights = o.getArray("rights");
    if (!rights) throw ApiError(422, "invalid_type", "field 'rights' must be an array", "rights");
    for (std::size_t i = 0; i < rights->size(); ++i) {
      const auto& v = rights->get(static_cast<unsigned>(i));
      if (!v.isString())
        throw ApiError(422, "invalid_type", "field 'rights' must hold strings", "rights");
      form.rights.push_back(v.toString());
    }
  }
  if (auto disabled = optionalBool(o, "disabled")) form.disabled = *disabled;
}

}  // namespace

void UsersApi::registerRoutes(Router& router) {
  using A = Route::Access;
  const std::string right = "manage_users";
  router.add(
      {"GET", "/api/v1/users", A::kAuthenticated, right, [this](auto& r) { return list(r); }});
  router.add(
      {"POST", "/api/v1/users", A::kAuthenticated, right, [this](auto& r) { return create(r); }});
  router.add({"PATCH", "/api/v1/users/{id}", A::kAuthenticated, right,
              [this](auto& r) { return update(r); }});
  router.add({"GET", "/api/v1/users/{id}/api-keys", A::kAuthenticated, right,
              [this](auto& r) { return keys(r); }});
  router.add({"POST", "/api/v1/users/{id}/api-keys", A::kAuthenticated, right,
              [this](auto& r) { return createKey(r); }});
  router.add({"DELETE", "/api/v1/users/{id}/api-keys/{key}", A::kAuthenticated, right,
              [this](auto& r) { return revokeKey(r); }});
  // Any caller may make a key for themselves.
  router.add({"POST", "/api/v1/api-keys", A::kAuthenticated, "",
              [this](auto& r) { return createOwnKey(r); }});
}

ApiResponse UsersApi::list(ApiRequest&) {
  Poco::JSON::Array users;
  for (const auto& u : users_.list()) users.add(userJson(u));
  Poco::JSON::Object root;
  root.set("users", users);
  return {200, toJson(root)};
}

ApiResponse UsersApi::create(ApiRequest& request) {
  auto o = parseJsonObject(request.body);
  rejectUnknownFields(*o, {"name", "password", "role", "rights"});
  UserForm form;
  form.name = requiredString(*o, "name");
  form.password = requiredString(*o, "password");
  form.role = "custom";
  readAccess(*o, form);
  const auto id = users_.create(*request.caller, form);
  return {201, toJson(userJson(*users_.find(id)))};
}

ApiResponse UsersApi::update(ApiRequest& request) {
  const auto id = pathId(request.pathParams.at(0), "user");
  auto user = users_.find(id);
  if (!user) throw ApiError(404, "not_found", "no user " + request.pathParams.at(0));
  auto o = parseJsonObject(request.body);
  rejectUnknownFields(*o, {"role", "rights", "disabled", "password"});
  // Everything is checked before anything changes: access first (it may be refused), then the
  // password, whose only check ran up front.
  const auto password = optionalString(*o, "password");
  if (password) UserAdmin::checkPassword(*password);
  if (o->has("role") || o->has("rights") || o->has("disabled")) {
    UserForm form;
    form.role = user->role;
    form.disabled = user->disabled;
    if (!o->has("rights")) form.rights = user->rights;
    readAccess(*o, form);
    users_.updateAccess(*request.caller, id, form);
  }
  if (password) users_.setPassword(*request.caller, id, *password);
  return {200, toJson(userJson(*users_.find(id)))};
}

ApiResponse UsersApi::keys(ApiRequest& request) {
  const auto id = pathId(request.pathParams.at(0), "user");
  if (!users_.find(id)) throw ApiError(404, "not_found", "no user " + request.pathParams.at(0));
  Poco::JSON::Array keys;
  for (const auto& k : users_.apiKeys(id)) {
    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("id", k.id);
    o.set("label", k.label);
    o.set("created_at", isoTime(k.createdAt));
    o.set("revoked_at",
          k.revokedAt ? Poco::Dynamic::Var(isoTime(k.revokedAt)) : Poco::Dynamic::Var());
    keys.add(o);
  }
  Poco::JSON::Object root;
  root.set("api_keys", keys);
  return {200, toJson(root)};
}

NewApiKey UsersApi::keyFor(ApiRequest& request, std::int64_t userId) {
  std::string label;
  if (!request.body.empty()) {
    auto o = parseJsonObject(request.body);
    rejectUnknownFields(*o, {"label"});
    label = optionalString(*o, "label").value_or("");
  }
  return users_.createApiKey(*request.caller, userId, label);
}

namespace {

ApiResponse keyCreated(const NewApiKey& key) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("id", key.id);
  o.set("label", key.label);
  o.set("token", key.token);  // shown once; only its hash is stored
  return {201, toJson(o)};
}

}  // namespace

ApiResponse UsersApi::createKey(ApiRequest& request) {
  return keyCreated(keyFor(request, pathId(request.pathParams.at(0), "user")));
}

ApiResponse UsersApi::createOwnKey(ApiRequest& request) {
  return keyCreated(keyFor(request, request.caller->userId));
}

ApiResponse UsersApi::revokeKey(ApiRequest& request) {
  const auto id = pathId(request.pathParams.at(0), "user");
  const auto key = pathId(request.pathParams.at(1), "API key");
  users_.revokeApiKey(*request.caller, id, key);
  return {204, ""};
}

}  // namespace pigeon::host
