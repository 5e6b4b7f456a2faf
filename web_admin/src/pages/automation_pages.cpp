#include "pages/automation_pages.h"

#include "api/json_util.h"
#include "db/comma_list.h"
#include "form_problem.h"
#include "pages/entity_type_options.h"

namespace pigeon::web {

namespace {

struct Trigger {
  const char* value;
  const char* label;
};
constexpr Trigger kTriggers[] = {
    {"created", "created"}, {"changed", "changed"}, {"created_or_changed", "created or changed"}};

const char* const kFormFields[] = {"name",     "entity_type", "on",       "fields",
                                   "criteria", "template",    "to_field", "from"};

std::int64_t pathId(const WebRequest& r) {
  if (auto id = host::parseId(r.params.at(0))) return *id;
  throw host::ApiError(404, "not_found", "no automation " + r.params.at(0));
}

// The watched fields as typed: "status, balance" (blanks around the commas are dropped).
std::vector<std::string> fieldList(const std::string& text) {
  std::vector<std::string> out;
  for (auto name : db::splitCommaList(text)) {
    const auto first = name.find_first_not_of(' ');
    if (first == std::string::npos) continue;
    out.push_back(name.substr(first, name.find_last_not_of(' ') - first + 1));
  }
  return out;
}

}  // namespace

void AutomationPages::addRoutes(SiteRoutes& routes) {
  using A = SiteRoute::Access;
  const std::string right = "manage_rules";
  routes.push_back(
      {"GET", "/automations", A::kSignedIn, right, [this](auto& r) { return show(r); }});
  routes.push_back(
      {"POST", "/automations", A::kSignedIn, right, [this](auto& r) { return create(r); }});
  routes.push_back({"POST", "/automations/{id}/toggle", A::kSignedIn, right,
                    [this](auto& r) { return toggle(r); }});
  routes.push_back({"POST", "/automations/{id}/delete", A::kSignedIn, right,
                    [this](auto& r) { return remove(r); }});
}

WebResponse AutomationPages::show(WebRequest& request, const std::string& error, int status) {
  std::map<std::int64_t, std::string> templateNames;
  Data templates = list();
  const auto chosenTemplate = request.field("template");
  for (const auto& t : services_.templates.list()) {
    templateNames[t.id] = t.name;
    Data o;
    o.set("name", t.name);
    o.set("entityType", t.entityType);
    if (t.name == chosenTemplate) o.set("selected", true);
    templates.push_back(o);
  }
  Data rows = list();
  for (const auto& a : services_.automations.list()) {
    Data d;
    d.set("id", std::to_string(a.id));
    d.set("name", a.name);
    d.set("entityType", a.entityType);
    d.set("on", a.trigger);
    d.set("fields", a.fields.empty() ? std::string("any field") : db::joinCommaList(a.fields));
    d.set("criteria", a.criteria);
    auto name = templateNames.find(a.templateId);
    d.set("template", name == templateNames.end() ? std::string("(gone)") : name->second);
    d.set("to", a.toField.empty() ? std::string("the template's recipient") : a.toField);
    d.set("from", a.from.empty() ? std::string("routing") : a.from);
    d.set("author", a.author);
    d.set("state", std::string(a.enabled ? "on" : "off"));
    d.set("toggle", std::string(a.enabled ? "Turn off" : "Turn on"));
    rows.push_back(d);
  }
  const bool posted = !error.empty();
  Data triggers = list();
  for (const auto& t : kTriggers) {
    Data o;
    o.set("value", std::string(t.value));
    o.set("label", std::string(t.label));
    if (posted && request.field("on") == t.value) o.set("selected", true);
    triggers.push_back(o);
  }
  Data data;
  data.set("automations", rows);
  data.set("templates", templates);
  data.set("triggers", triggers);
  data.set("types", entityTypeOptions(services_.entities, request.field("entity_type")));
  for (const char* field : kFormFields) data.set(std::string("f_") + field, request.field(field));
  if (!posted) data.set("f_criteria", std::string("{}"));
  if (!posted || request.has("enabled")) data.set("enabled", true);
  if (posted) data.set("error", error);
  if (request.caller().can("send_bulk")) data.set("maySave", true);
  return renderer_.page(request, "automations", "Automations", data, status);
}

WebResponse AutomationPages::create(WebRequest& request) {
  try {
    db::AutomationRecord a;
    a.name = request.field("name", "Name", 100);
    a.entityType = request.field("entity_type", "Entity type", 64);
    a.trigger = request.field("on", "On", 32);
    a.fields = fieldList(request.field("fields", "Fields", 2000));
    a.criteria = request.field("criteria", "Criteria", 20000);
    if (a.criteria.empty()) a.criteria = "{}";
    a.templateId = services_.templates.byReference(request.field("template"), "template").id;
    a.toField = request.field("to_field", "To field", 64);
    a.from = request.field("from", "From", 32);
    a.enabled = request.has("enabled");
    const auto saved = services_.automations.create(a, request.caller());
    return WebResponse::redirect("/automations", "Automation " + saved.name + " saved.");
  } catch (const host::ApiError& e) {
    if (!isFormProblem(e) && e.status() != 403 && e.status() != 404) throw;
    return show(request, problemText(e), e.status() == 403 ? 403 : 422);
  }
}

WebResponse AutomationPages::toggle(WebRequest& request) {
  auto a = services_.automations.get(pathId(request));  // ApiError 404
  a.enabled = !a.enabled;
  try {
    services_.automations.update(a.id, a, request.caller());
  } catch (const host::ApiError& e) {
    if (e.status() != 403 && !isFormProblem(e)) throw;
    return WebResponse::redirect("/automations", problemText(e));
  }
  return WebResponse::redirect("/automations",
                               "Automation " + a.name + " turned " + (a.enabled ? "on." : "off."));
}

WebResponse AutomationPages::remove(WebRequest& request) {
  const auto a = services_.automations.get(pathId(request));
  services_.automations.remove(a.id);
  return WebResponse::redirect("/automations", "Automation " + a.name + " deleted.");
}

}  // namespace pigeon::web
