#include "api/keyword_rules_api.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include "api/json_util.h"
#include "api/message_json.h"

namespace pigeon::host {

namespace {

const std::set<std::string> kRuleFields{"name",    "position", "keywords",   "match_mode", "number",
                                        "handler", "settings", "separators", "enabled"};

std::vector<std::string> readKeywords(const Poco::JSON::Object& o) {
  std::vector<std::string> out;
  if (!o.has("keywords") || o.isNull("keywords")) return out;
  auto list = o.getArray("keywords");
  if (!list) throw ApiError(422, "invalid_type", "field 'keywords' must be an array", "keywords");
  for (unsigned i = 0; i < list->size(); ++i) {
    const auto v = list->get(i);
    if (!v.isString())
      throw ApiError(422, "invalid_type", "keywords[" + std::to_string(i) + "] must be a string",
                     "keywords[" + std::to_string(i) + "]");
    out.push_back(v.extract<std::string>());
  }
  return out;
}

db::KeywordRuleRecord readRule(const Poco::JSON::Object& o) {
  rejectUnknownFields(o, kRuleFields);
  db::KeywordRuleRecord r;
  r.name = requiredString(o, "name");
  r.handler = requiredString(o, "handler");
  r.keywords = readKeywords(o);
  r.matchMode = optionalString(o, "match_mode").value_or("first_word");
  r.number = optionalString(o, "number").value_or("");
  r.separators = optionalString(o, "separators").value_or(r.separators);
  if (o.has("position")) {
    const auto v = o.get("position");
    if (!v.isInteger() || v.convert<long long>() < 1 || v.convert<long long>() > 1000000)
      throw ApiError(422, "invalid_value", "position must be an integer from 1 to 1000000",
                     "position");
    r.position = v.convert<int>();
  }
  if (auto enabled = optionalBool(o, "enabled")) r.enabled = *enabled;
  if (o.has("settings") && !o.isNull("settings")) {
    auto settings = o.getObject("settings");
    if (!settings)
      throw ApiError(422, "invalid_type", "field 'settings' must be an object", "settings");
    r.settings = toJson(*settings);
  }
  return r;
}

Poco::JSON::Object ruleJson(const ActiveRule& a) {
  const auto& r = a.record;
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("id", r.id);
  o.set("position", r.position);
  o.set("name", r.name);
  Poco::JSON::Array own, effective;
  for (const auto& k : r.keywords) own.add(k);
  for (const auto& k : a.keywords) effective.add(k);
  o.set("keywords", own);
  o.set("effective_keywords", effective);  // the handler's own words when the rule lists none
  o.set("match_mode", r.matchMode);
  o.set("number", r.number.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(r.number));
  o.set("handler", r.handler);
  o.set("settings", Poco::JSON::Parser().parse(r.settings));
  o.set("separators", r.separators);
  o.set("enabled", r.enabled);
  o.set("state", a.problem.empty() ? (r.enabled ? "active" : "disabled") : "broken");
  o.set("problem", a.problem.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(a.problem));
  o.set("created_at", isoTime(r.createdAt));
  o.set("updated_at", isoTime(r.updatedAt));
  return o;
}

std::int64_t pathId(const ApiRequest& r) {
  if (auto id = parseId(r.pathParams.at(0))) return *id;
  throw ApiError(404, "not_found", "no keyword rule " + r.pathParams.at(0));
}

// The rule as the engine holds it now (with its effective keywords and state).
ApiResponse answer(const KeywordRules& rules, std::int64_t id, int status) {
  const auto set = rules.current();  // held: a change may swap the set meanwhile
  for (const auto& a : set->rules)
    if (a.record.id == id) return {status, toJson(ruleJson(a))};
  throw ApiError(404, "not_found", "no keyword rule " + std::to_string(id));
}

}  // namespace

void KeywordRulesApi::registerRoutes(Router& router) {
  using A = Route::Access;
  const std::string right = "manage_rules";
  // Before /{id}: "dry-run" is not an id.
  router.add({"POST", "/api/v1/keyword-rules/dry-run", A::kAuthenticated, right,
              [this](auto& r) { return dryRun(r); }});
  router.add({"GET", "/api/v1/keyword-rules", A::kAuthenticated, right,
              [this](auto& r) { return list(r); }});
  router.add({"POST", "/api/v1/keyword-rules", A::kAuthenticated, right,
              [this](auto& r) { return create(r); }});
  router.add({"GET", "/api/v1/keyword-rules/{id}", A::kAuthenticated, right,
              [this](auto& r) { return get(r); }});
  router.add({"PUT", "/api/v1/keyword-rules/{id}", A::kAuthenticated, right,
              [this](auto& r) { return update(r); }});
  router.add({"DELETE", "/api/v1/keyword-rules/{id}", A::kAuthenticated, right,
              [this](auto& r) { return remove(r); }});
}

ApiResponse KeywordRulesApi::list(ApiRequest&) {
  Poco::JSON::Array items;
  const auto set = rules_.current();  // held: a change may swap the set meanwhile
  for (const auto& a : set->rules) items.add(ruleJson(a));
  Poco::JSON::Object out;
  out.set("rules", items);
  return {200, toJson(out)};
}

ApiResponse KeywordRulesApi::get(ApiRequest& request) {
  return answer(rules_, pathId(request), 200);
}

ApiResponse KeywordRulesApi::create(ApiRequest& request) {
  auto r = rules_.create(readRule(*parseJsonObject(request.body)));
  return answer(rules_, r.id, 201);
}

ApiResponse KeywordRulesApi::update(ApiRequest& request) {
  auto r = rules_.update(pathId(request), readRule(*parseJsonObject(request.body)));
  return answer(rules_, r.id, 200);
}

ApiResponse KeywordRulesApi::remove(ApiRequest& request) {
  rules_.remove(pathId(request));
  return {204, ""};
}

ApiResponse KeywordRulesApi::dryRun(ApiRequest& request) {
  auto root = parseJsonObject(request.body);
  rejectUnknownFields(*root, {"text", "from", "to"});
  if (!root->has("text") || !root->get("text").isString())
    throw ApiError(422, "missing_field", "field 'text' must be a string (it may be empty)", "text");
  const auto text = root->getValue<std::string>("text");
  const auto r = engine_.dryRun(text, optionalString(*root, "from").value_or(""),
                                optionalString(*root, "to").value_or(""));
  const bool personal = request.caller->can("view_personal_data");
  Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
  out.set("matched", r.rule.has_value());
  if (r.rule) {
    Poco::JSON::Object rule(Poco::JSON_PRESERVE_KEY_ORDER);
    rule.set("id", r.rule->id);
    rule.set("name", r.rule->name);
    rule.set("handler", r.rule->handler);
    out.set("rule", rule);
    out.set("keyword", r.keyword);
    if (personal) out.set("rest", r.rest);
  } else {
    out.set("rule", Poco::Dynamic::Var());
  }
  // Who the number belongs to, whether it opted out, what the reply would say: personal data.
  if (personal) {
    Poco::Dynamic::Var sender;
    if (r.sender) {
      Poco::JSON::Object row(Poco::JSON_PRESERVE_KEY_ORDER);
      row.set("type", r.sender->type);
      row.set("id", r.sender->id);
      sender = row;
    }
    out.set("sender", sender);
    out.set("opted_out", r.optedOut);
    Poco::JSON::Array actions;
    for (const auto& a : r.actions) actions.add(a);
    out.set("actions", actions);
  }
  out.set("outcome", personal || !r.rule ? r.outcome : "handled");
  return {200, toJson(out)};
}

}  // namespace pigeon::host
