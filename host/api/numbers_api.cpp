#include "api/numbers_api.h"

#include <Poco/JSON/Array.h>

#include "api/json_util.h"

namespace pigeon::host {

namespace {

NumberInput readNumber(const Poco::JSON::Object& o) {
  rejectUnknownFields(o, {"number", "instance", "label", "owner", "users"});
  NumberInput in;
  in.number = requiredString(o, "number");
  in.instance = optionalString(o, "instance").value_or("");
  in.label = optionalString(o, "label").value_or("");
  in.owner = optionalString(o, "owner").value_or("");
  if (!o.has("users") || o.isNull("users")) return in;
  auto users = o.getArray("users");
  if (!users) throw ApiError(422, "invalid_type", "field 'users' must be an array", "users");
  for (unsigned i = 0; i < users->size(); ++i) {
    const auto prefix = "users[" + std::to_string(i) + "].";
    auto u = users->getObject(i);
    if (!u)
      throw ApiError(422, "invalid_type", "users[" + std::to_string(i) + "] must be an object",
                     "users[" + std::to_string(i) + "]");
    rejectUnknownFields(*u, {"user", "default"}, prefix);
    in.users.emplace_back(requiredString(*u, "user", prefix),
                          optionalBool(*u, "default", prefix).value_or(false));
  }
  return in;
}

Poco::JSON::Object numberJson(const db::SenderNumber& n) {
  auto orNull = [](const std::string& s) {
    return s.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(s);
  };
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("id", n.id);
  o.set("number", n.number);
  o.set("instance", orNull(n.instance));
  o.set("label", orNull(n.label));
  o.set("owner", orNull(n.ownerName));
  Poco::JSON::Array users;
  for (const auto& u : n.users) {
    Poco::JSON::Object user(Poco::JSON_PRESERVE_KEY_ORDER);
    user.set("user", u.userName);
    user.set("default", u.isDefault);
    users.add(user);
  }
  o.set("users", users);
  o.set("created_at", isoTime(n.createdAt));
  o.set("updated_at", isoTime(n.updatedAt));
  return o;
}

std::int64_t pathId(const ApiRequest& r) {
  if (auto id = parseId(r.pathParams.at(0))) return *id;
  throw ApiError(404, "not_found", "no sender number " + r.pathParams.at(0));
}

}  // namespace

void NumbersApi::registerRoutes(Router& router) {
  using A = Route::Access;
  router.add({"GET", "/api/v1/numbers", A::kAuthenticated, "view_single",
              [this](auto& r) { return list(r); }});
  router.add({"POST", "/api/v1/numbers", A::kAuthenticated, "manage_providers",
              [this](auto& r) { return create(r); }});
  router.add({"PUT", "/api/v1/numbers/{id}", A::kAuthenticated, "manage_providers",
              [this](auto& r) { return update(r); }});
  router.add({"DELETE", "/api/v1/numbers/{id}", A::kAuthenticated, "manage_providers",
              [this](auto& r) { return remove(r); }});
}

ApiResponse NumbersApi::list(ApiRequest& request) {
  Poco::JSON::Array items;
  for (const auto& n : numbers_.list())
    if (NumberDirectory::mayView(*request.caller, n)) items.add(numberJson(n));
  Poco::JSON::Object out;
  out.set("numbers", items);
  return {200, toJson(out)};
}

ApiResponse NumbersApi::create(ApiRequest& request) {
  return {201, toJson(numberJson(numbers_.create(readNumber(*parseJsonObject(request.body)))))};
}

ApiResponse NumbersApi::update(ApiRequest& request) {
  const auto id = pathId(request);
  return {200, toJson(numberJson(numbers_.update(id, readNumber(*parseJsonObject(request.body)))))};
}

ApiResponse NumbersApi::remove(ApiRequest& request) {
  numbers_.remove(pathId(request));
  return {204, ""};
}

}  // namespace pigeon::host
