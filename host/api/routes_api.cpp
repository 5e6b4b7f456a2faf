#include "api/routes_api.h"

#include <Poco/JSON/Array.h>

#include "api/json_util.h"
#include "outbox/clock.h"

namespace pigeon::host {

namespace {

// The optional criteria of a rule, by their JSON names.
constexpr std::pair<const char*, std::string RouteRule::*> kCriteria[] = {
    {"prefix", &RouteRule::prefix},
    {"sender", &RouteRule::sender},
    {"tag", &RouteRule::tag},
    {"provider", &RouteRule::provider},
};

Poco::JSON::Object ruleJson(const RouteRule& r) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("name", r.name);
  for (const auto& [key, member] : kCriteria)
    o.set(key, (r.*member).empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(r.*member));
  Poco::JSON::Array instances;
  for (const auto& n : r.instances) instances.add(n);
  o.set("instances", instances);
  return o;
}

RouteRule parseRule(const Poco::JSON::Object& o, const std::string& prefix) {
  rejectUnknownFields(o, {"name", "prefix", "sender", "tag", "provider", "instances"}, prefix);
  RouteRule r;
  r.name = requiredString(o, "name", prefix);
  for (const auto& [key, member] : kCriteria)
    if (o.has(key) && !o.isNull(key)) r.*member = optionalString(o, key, prefix).value_or("");
  auto list = o.getArray("instances");
  if (!list)
    throw ApiError(422, "invalid_type", "field '" + prefix + "instances' must be a list of names",
                   prefix + "instances");
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto field = prefix + "instances[" + std::to_string(i) + "]";
    const auto v = list->get(static_cast<unsigned>(i));
    if (!v.isString())
      throw ApiError(422, "invalid_type", "field '" + field + "' must be a string", field);
    r.instances.push_back(v.toString());
  }
  return r;
}

}  // namespace

void RoutesApi::registerRoutes(Router& router) {
  using A = Route::Access;
  router.add({"GET", "/api/v1/routes", A::kAuthenticated, "manage_providers",
              [this](auto& r) { return list(r); }});
  router.add({"PUT", "/api/v1/routes", A::kAuthenticated, "manage_providers",
              [this](auto& r) { return replace(r); }});
  router.add({"POST", "/api/v1/routes/explain", A::kAuthenticated, "",
              [this](auto& r) { return explain(r); }});
}

ApiResponse RoutesApi::list(ApiRequest&) {
  Poco::JSON::Array rules;
  for (const auto& r : routes_.table()->rules()) rules.add(ruleJson(r));
  Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
  out.set("routes", rules);
  out.set("default", providers_.defaultName());
  return {200, toJson(out)};
}

ApiResponse RoutesApi::replace(ApiRequest& request) {
  auto root = parseJsonObject(request.body);
  rejectUnknownFields(*root, {"routes"});
  auto given = root->getArray("routes");
  if (!given)
    throw ApiError(422, "invalid_type", "field 'routes' must be a list of routes", "routes");
  std::vector<RouteRule> rules;
  for (std::size_t i = 0; i < given->size(); ++i) {
    const auto prefix = "routes[" + std::to_string(i) + "].";
    auto o = given->getObject(static_cast<unsigned>(i));
    if (!o)
      throw ApiError(422, "invalid_type",
                     "field 'routes[" + std::to_string(i) + "]' must be an object",
                     "routes[" + std::to_string(i) + "]");
    rules.push_back(parseRule(*o, prefix));
  }
  routes_.replace(*request.caller, std::move(rules));
  return list(request);
}

// Judges the message exactly as sending it would (same parser), then routes it without
// claiming anything: the answer is what the dispatcher would do now.
ApiResponse RoutesApi::explain(ApiRequest& request) {
  auto root = parseJsonObject(request.body);
  return {200, toJson(explainMessage(messages_.parseMessage(*root, *request.caller, "")))};
}

Poco::JSON::Object RoutesApi::explainMessage(const db::NewMessage& m) const {
  const auto match = routes_.match({m.to, m.from, m.tag, m.requestedProvider}, /*explain=*/true);

  Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
  if (match.rule >= 0) {
    Poco::JSON::Object route(Poco::JSON_PRESERVE_KEY_ORDER);
    route.set("position", match.rule + 1);
    route.set("name", match.routeName);
    out.set("route", route);
  } else {
    out.set("route", Poco::Dynamic::Var());
  }
  out.set("why", match.why);
  Poco::JSON::Array instances;
  std::shared_ptr<ProviderInstance> chosen;
  for (const auto& name : match.instances) {
    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("name", name);
    auto instance = providers_.find(name);
    std::string unusable;
    if (!instance) {
      unusable = "does not exist";
      o.set("state", Poco::Dynamic::Var());
    } else {
      o.set("state", std::string(instance->stateName()));
      unusable = instance->downReason();
      o.set("connected", unusable.empty());
      if (unusable.empty() && instance->throttledUntil() > nowMs()) unusable = "throttled";
    }
    o.set("usable", unusable.empty());
    o.set("reason", unusable.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(unusable));
    if (unusable.empty() && !chosen) chosen = instance;
    instances.add(o);
  }
  out.set("instances", instances);
  out.set("would_use", chosen ? Poco::Dynamic::Var(chosen->name()) : Poco::Dynamic::Var());
  out.set("to", m.to);
  out.set("encoding", m.encoding);
  out.set("parts", m.parts);
  const double price = chosen ? chosen->pricePerPart() : 0;
  if (price > 0) {
    Poco::JSON::Object cost(Poco::JSON_PRESERVE_KEY_ORDER);
    cost.set("per_part", price);
    cost.set("total", price * m.parts);
    out.set("cost", cost);
  } else {
    out.set("cost", Poco::Dynamic::Var());  // no tariff set for that instance
  }
  return out;
}

}  // namespace pigeon::host
