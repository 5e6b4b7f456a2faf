#include "pages/user_pages.h"

#include <algorithm>

#include "admin/roles.h"
#include "api/api_types.h"
#include "api/json_util.h"
#include "auth/rights.h"
#include "outbox/clock.h"

namespace pigeon::web {

namespace {

const std::map<std::string, std::string> kLabels{{"name", "User name"}, {"password", "Password"},
                                                 {"role", "Role"},      {"rights", "Rights"},
                                                 {"label", "Label"},    {"disabled", "Disabled"}};

std::string labelOf(const std::string& field) {
  auto it = kLabels.find(field);
  return it == kLabels.end() ? field : it->second;
}

std::int64_t parsePositive(const std::string& text, const std::string& what) {
  if (auto id = host::parseId(text)) return *id;
  throw host::ApiError(404, "not_found", "There is no " + what + " " + text);
}

}  // namespace

void UserPages::addRoutes(SiteRoutes& routes) {
  using A = SiteRoute::Access;
  const std::string right = "manage_users";
  routes.push_back({"GET", "/users", A::kSignedIn, right, [this](auto& r) { return list(r); }});
  routes.push_back(
      {"GET", "/users/new", A::kSignedIn, right, [this](auto& r) { return newForm(r); }});
  routes.push_back({"POST", "/users", A::kSignedIn, right, [this](auto& r) { return create(r); }});
  routes.push_back(
      {"GET", "/users/{id}", A::kSignedIn, right, [this](auto& r) { return show(r); }});
  routes.push_back(
      {"POST", "/users/{id}", A::kSignedIn, right, [this](auto& r) { return update(r); }});
  routes.push_back({"POST", "/users/{id}/password", A::kSignedIn, right,
                    [this](auto& r) { return setPassword(r); }});
  routes.push_back({"POST", "/users/{id}/api-keys", A::kSignedIn, right,
                    [this](auto& r) { return createKey(r); }});
  routes.push_back({"POST", "/users/{id}/api-keys/{key}/revoke", A::kSignedIn, right,
                    [this](auto& r) { return revokeKey(r); }});
}

std::int64_t UserPages::userId(const WebRequest& request) const {
  return parsePositive(request.params.at(0), "user");
}

void UserPages::addAccess(Data& data, const std::string& role,
                          const std::vector<std::string>& rights) const {
  Data roleList = web::list();
  for (const auto& r : host::roles()) {
    Data d;
    d.set("name", std::string(r.name));
    d.set("summary", std::string(r.summary));
    std::string preset;
    for (auto right : r.rights) preset += (preset.empty() ? "" : " ") + std::string(right);
    d.set("preset", preset);
    if (r.name == role) d.set("selected", true);
    roleList.push_back(d);
  }
  data.set("roles", roleList);
  Data rightList = web::list();
  for (auto right : host::kAllRights) {
    Data d;
    d.set("name", std::string(right));
    if (std::find(rights.begin(), rights.end(), right) != rights.end()) d.set("checked", true);
    rightList.push_back(d);
  }
  data.set("rights", rightList);
}

host::UserForm UserPages::readForm(const WebRequest& request) const {
  host::UserForm form;
  form.name = request.field("name", "User name", 200);
  form.password = request.form.count("password") ? request.form.find("password")->second : "";
  if (form.password.size() > 1000)
    throw host::ApiError(422, "too_long", "Password is longer than 256 characters", "password");
  form.role = request.field("role", "Role", 64);
  form.rights = request.fields("rights");
  form.disabled = request.field("disabled") == "on";
  return form;
}

WebResponse UserPages::list(WebRequest& request) {
  const auto now = host::nowMs();
  Data rows = web::list();
  for (const auto& u : services_.users.list()) {
    Data d;
    d.set("id", std::to_string(u.id));
    d.set("name", u.name);
    d.set("role", u.role);
    d.set("rights", commaSeparated(u.rights));
    d.set("status", u.disabled ? "disabled" : u.lockedUntil > now ? "locked" : "active");
    rows.push_back(d);
  }
  Data data;
  data.set("users", rows);
  return renderer_.page(request, "users", "Users", data);
}

WebResponse UserPages::newForm(WebRequest& request) {
  const auto* preset = host::findRole("operator");
  Data data;
  addAccess(data, "operator", {preset->rights.begin(), preset->rights.end()});
  return renderer_.page(request, "user_new", "New user", data);
}

WebResponse UserPages::create(WebRequest& request) {
  host::UserForm form;
  try {
    form = readForm(request);
    services_.users.create(request.caller(), form);
  } catch (const host::ApiError& e) {
    if (e.status() != 422 && e.status() != 409) throw;
    Data data;
    addAccess(data, form.role, form.rights);
    data.set("name", form.name);
    data.set("error", labelOf(e.field()) + ": " + e.what());
    data.set(e.field() + "Error", e.what());
    return renderer_.page(request, "user_new", "New user", data, e.status());
  }
  return WebResponse::redirect("/users", "User " + form.name + " created.");
}

WebResponse UserPages::userPage(WebRequest& request, std::int64_t id, Data data, int status) {
  auto user = services_.users.find(id);
  if (!user) throw host::ApiError(404, "not_found", "There is no user " + std::to_string(id));
  addAccess(data, user->role, user->rights);
  data.set("id", std::to_string(user->id));
  data.set("userId", std::to_string(user->id));
  data.set("name", user->name);
  if (user->disabled) data.set("disabled", true);
  if (user->id == request.caller().userId) data.set("self", true);
  Data keys = web::list();
  for (const auto& k : services_.users.apiKeys(id)) {
    Data d;
    d.set("id", std::to_string(k.id));
    d.set("label", k.label);
    d.set("created", host::isoTime(k.createdAt));
    if (k.revokedAt) d.set("revoked", host::isoTime(k.revokedAt));
    keys.push_back(d);
  }
  data.set("keys", keys);
  return renderer_.page(request, "user", "User " + user->name, data, status);
}

WebResponse UserPages::show(WebRequest& request) {
  return userPage(request, userId(request), {}, 200);
}

WebResponse UserPages::update(WebRequest& request) {
  const auto id = userId(request);
  try {
    auto form = readForm(request);
    services_.users.updateAccess(request.caller(), id, form);
  } catch (const host::ApiError& e) {
    if (e.status() != 422 && e.status() != 403) throw;
    Data data;
    data.set("error", labelOf(e.field()) + ": " + e.what());
    return userPage(request, id, data, e.status());
  }
  return WebResponse::redirect("/users/" + std::to_string(id),
                               "Access saved; the user's sessions were ended.");
}

WebResponse UserPages::setPassword(WebRequest& request) {
  const auto id = userId(request);
  try {
    auto password = request.form.count("password") ? request.form.find("password")->second : "";
    services_.users.setPassword(request.caller(), id, password);
  } catch (const host::ApiError& e) {
    if (e.status() != 422) throw;
    Data data;
    data.set("error", labelOf(e.field()) + ": " + e.what());
    return userPage(request, id, data, 422);
  }
  return WebResponse::redirect("/users/" + std::to_string(id), "Password changed.");
}

WebResponse UserPages::createKey(WebRequest& request) {
  const auto id = userId(request);
  Data data;
  try {
    auto key =
        services_.users.createApiKey(request.caller(), id, request.field("label", "Label", 1000));
    // Rendered, not redirected: the token must not travel in a cookie or a URL.
    data.set("newToken", key.token);
    data.set("newKeyId", std::to_string(key.id));
  } catch (const host::ApiError& e) {
    if (e.status() != 422) throw;
    data.set("error", labelOf(e.field()) + ": " + e.what());
    return userPage(request, id, data, 422);
  }
  return userPage(request, id, data, 201);
}

WebResponse UserPages::revokeKey(WebRequest& request) {
  const auto id = userId(request);
  const auto key = parsePositive(request.params.at(1), "API key");
  services_.users.revokeApiKey(request.caller(), id, key);
  return WebResponse::redirect("/users/" + std::to_string(id),
                               "API key " + std::to_string(key) + " revoked.");
}

}  // namespace pigeon::web
