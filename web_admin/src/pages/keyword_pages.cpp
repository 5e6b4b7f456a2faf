#include "pages/keyword_pages.h"

#include <Poco/JSON/Object.h>

#include "api/json_util.h"
#include "form_fields.h"

namespace pigeon::web {

namespace {

const char* const kModes[] = {"whole_text", "first_word", "any_word", "any_text"};

// "name=value" lines -> a JSON object of the handler's settings.
std::string settingsJson(const std::string& lines) {
  Poco::JSON::Object o;
  std::size_t start = 0;
  while (start < lines.size()) {
    auto end = lines.find('\n', start);
    if (end == std::string::npos) end = lines.size();
    auto line = lines.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    start = end + 1;
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos)
      throw host::ApiError(422, "invalid_value",
                           "each setting is a line name=value; '" + line + "' has no '='",
                           "settings");
    auto trim = [](std::string s) {
      const auto a = s.find_first_not_of(" \t");
      return a == std::string::npos ? std::string()
                                    : s.substr(a, s.find_last_not_of(" \t") - a + 1);
    };
    o.set(trim(line.substr(0, eq)), trim(line.substr(eq + 1)));
  }
  return host::toJson(o);
}

}  // namespace

void KeywordPages::addRoutes(SiteRoutes& routes) {
  using A = SiteRoute::Access;
  routes.push_back({"GET", "/keywords", A::kSignedIn, "manage_rules",
                    [this](auto& r) { return show(r, Data(), "", 200); }});
  routes.push_back(
      {"POST", "/keywords", A::kSignedIn, "manage_rules", [this](auto& r) { return add(r); }});
  routes.push_back({"POST", "/keywords/{id}/{action}", A::kSignedIn, "manage_rules",
                    [this](auto& r) { return change(r); }});
}

Data KeywordPages::dryRun(const WebRequest& request) const {
  const auto r = services_.keywordEngine.dryRun(
      request.queryValue("text"), request.queryValue("from"), request.queryValue("to"));
  const bool personal = request.caller().can("view_personal_data");
  Data out;
  if (r.rule) {
    out.set("rule", r.rule->name);
    out.set("keyword", r.keyword);
  }
  out.set("outcome", personal || !r.rule ? r.outcome : std::string("handled"));
  if (personal) {
    if (r.sender) out.set("sender", r.sender->type + " " + std::to_string(r.sender->id));
    Data actions = list();
    for (const auto& a : r.actions) actions.push_back(Data(a));
    out.set("actions", actions);
    if (!r.actions.empty()) out.set("hasActions", true);
  }
  return out;
}

WebResponse KeywordPages::show(WebRequest& request, Data form, const std::string& error,
                               int status) {
  Data rows = list();
  const auto set = services_.keywordRules.current();
  for (const auto& a : set->rules) {
    const auto& r = a.record;
    Data d;
    d.set("id", std::to_string(r.id));
    d.set("position", std::to_string(r.position));
    d.set("name", r.name);
    d.set("keywords", a.keywords.empty() ? std::string("(every text)") : joinCommaList(a.keywords));
    if (r.keywords.empty() && !a.keywords.empty()) d.set("ownWords", true);
    d.set("mode", r.matchMode);
    d.set("number", r.number.empty() ? std::string("any") : r.number);
    d.set("handler", r.handler);
    d.set("state", a.problem.empty() ? (r.enabled ? "active" : "disabled") : a.problem);
    if (!a.problem.empty()) d.set("broken", true);
    d.set(r.enabled ? "canDisable" : "canEnable", true);
    rows.push_back(d);
  }
  Data handlers = list();
  for (const auto& p : services_.plugins.list())
    if (p.loaded && p.kind == "keyword") {
      Data h;
      h.set("name", p.name);
      h.set("summary", p.summary);
      if (form.get("handler") && form.get("handler")->string_value() == p.name)
        h.set("selected", true);
      handlers.push_back(h);
    }
  Data modes = list();
  for (const char* m : kModes) {
    Data d;
    d.set("name", std::string(m));
    const bool chosen =
        form.get("mode") ? form.get("mode")->string_value() == m : std::string(m) == "first_word";
    if (chosen) d.set("selected", true);
    modes.push_back(d);
  }
  Data data;
  data.set("rules", rows);
  data.set("handlers", handlers);
  data.set("modes", modes);
  for (const char* field : {"name", "keywords", "number", "settings"})
    if (const auto* v = form.get(field)) data.set(std::string("f_") + field, v->string_value());
  if (!error.empty()) data.set("error", error);
  for (const char* field : {"text", "from", "to"})
    data.set(std::string("q_") + field, request.queryValue(field));
  if (request.query.count("text")) data.set("dry", dryRun(request));
  return renderer_.page(request, "keywords", "Keyword rules", data, status);
}

WebResponse KeywordPages::add(WebRequest& request) {
  Data form;
  for (const char* field : {"name", "handler", "keywords", "mode", "number", "settings"})
    form.set(field, request.field(field));
  try {
    db::KeywordRuleRecord r;
    r.name = request.field("name", "Name", 100);
    r.handler = request.field("handler", "Handler", 128);
    r.keywords = splitCommaList(request.field("keywords", "Keywords", 4000));
    r.matchMode = request.field("mode", "Match", 32);
    r.number = request.field("number", "Number", 32);
    r.settings = settingsJson(request.field("settings", "Settings", 8000));
    if (const auto position = request.field("position"); !position.empty()) {
      const auto n = host::parseId(position);
      if (!n || *n > 1000000)
        throw host::ApiError(422, "invalid_value", "Position must be a number from 1 to 1000000",
                             "position");
      r.position = static_cast<int>(*n);
    }
    auto saved = services_.keywordRules.create(r);
    return WebResponse::redirect("/keywords", "Rule " + saved.name + " added.");
  } catch (const host::ApiError& e) {
    if (e.status() != 422 && e.status() != 409) throw;
    return show(request, form, e.what(), 422);
  }
}

// POST /keywords/N/enable, /disable or /delete.
WebResponse KeywordPages::change(WebRequest& request) {
  const auto id = host::parseId(request.params.at(0));
  const auto& action = request.params.at(1);
  if (!id) throw host::ApiError(404, "not_found", "no keyword rule " + request.params.at(0));
  if (action == "delete") {
    services_.keywordRules.remove(*id);
    return WebResponse::redirect("/keywords", "Rule deleted.");
  }
  if (action != "enable" && action != "disable")
    throw host::ApiError(404, "not_found", "unknown action '" + action + "'");
  try {
    const auto r = services_.keywordRules.setEnabled(*id, action == "enable");
    return WebResponse::redirect("/keywords",
                                 "Rule " + r.name + (r.enabled ? " turned on." : " turned off."));
  } catch (const host::ApiError& e) {
    if (e.status() != 422) throw;
    return show(request, Data(), e.what(), 422);
  }
}

}  // namespace pigeon::web
