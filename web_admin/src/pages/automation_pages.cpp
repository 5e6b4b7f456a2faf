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

// Refusals the form shows: a bad value (422, 409), a template that is not there (404), and
// saving without send_bulk or from another's number (403).
bool shownOnForm(const host::ApiError& e) {
  return isFormProblem(e) || e.status() == 403 || e.status() == 404;
}

}  // namespace

AutomationPages::FormValues AutomationPages::posted(const WebRequest& r) {
  return {r.field("name"),     r.field("entity_type"), r.field("on"),
          r.field("fields"),   r.field("criteria"),    r.field("template"),
          r.field("to_field"), r.field("from"),        r.has("enabled")};
}

void AutomationPages::addRoutes(SiteRoutes& routes) {
  using A = SiteRoute::Access;
  const std::string right = "manage_rules";
  routes.push_back(
      {"GET", "/automations", A::kSignedIn, right, [this](auto& r) { return show(r); }});
  routes.push_back(
      {"POST", "/automations", A::kSignedIn, right, [this](auto& r) { return create(r); }});
  routes.push_back(
      {"GET", "/automations/{id}", A::kSignedIn, right, [this](auto& r) { return edit(r); }});
  routes.push_back(
      {"POST", "/automations/{id}", A::kSignedIn, right, [this](auto& r) { return update(r); }});
  routes.push_back({"POST", "/automations/{id}/toggle", A::kSignedIn, right,
                    [this](auto& r) { return toggle(r); }});
  routes.push_back({"POST", "/automations/{id}/delete", A::kSignedIn, right,
                    [this](auto& r) { return remove(r); }});
}

std::string AutomationPages::formHtml(const WebRequest& request, const FormValues& v,
                                      const std::string& action, bool editing,
                                      const std::string& error) const {
  Data d;
  d.set("csrf", request.session->csrf);
  d.set("action", action);
  if (editing) d.set("editing", true);
  if (!error.empty()) d.set("error", error);
  d.set("f_name", v.name);
  d.set("f_fields", v.fields);
  d.set("f_criteria", v.criteria);
  d.set("f_to_field", v.toField);
  d.set("f_from", v.from);
  if (v.enabled) d.set("enabled", true);
  d.set("types", entityTypeOptions(services_.entities, v.entityType));
  Data triggers = list();
  for (const auto& t : kTriggers) {
    Data o;
    o.set("value", std::string(t.value));
    o.set("label", std::string(t.label));
    if (v.trigger == t.value) o.set("selected", true);
    triggers.push_back(o);
  }
  d.set("triggers", triggers);
  Data templates = list();
  for (const auto& t : services_.templates.list()) {
    Data o;
    o.set("name", t.name);
    o.set("entityType", t.entityType);
    if (t.name == v.templateName) o.set("selected", true);
    templates.push_back(o);
  }
  d.set("templates", templates);
  return renderer_.fragment("automation_form", d);
}

WebResponse AutomationPages::show(WebRequest& request, const std::string& error, int status) {
  std::map<std::int64_t, std::string> templateNames;
  for (const auto& t : services_.templates.list()) templateNames[t.id] = t.name;
  Data rows = list();
  for (const auto& a : services_.automations.list()) {
    Data d;
    d.set("id", std::to_string(a.id));
    d.set("name", a.name);
    d.set("entityType", a.entityType);
    d.set("on", a.trigger);
    d.set("fields", a.fields.empty() ? std::string("any field") : commaSeparated(a.fields));
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
  Data data;
  data.set("automations", rows);
  if (request.caller().can("send_bulk")) {
    data.set("maySave", true);
    const auto values = error.empty() ? FormValues{} : posted(request);
    data.set("formHtml", formHtml(request, values, "/automations", false, error));
  }
  return renderer_.page(request, "automations", "Automations", data, status);
}

WebResponse AutomationPages::edit(WebRequest& request, const std::string& error, int status) {
  const auto a = services_.automations.get(request.pathId(0, "automation"));  // ApiError 404
  FormValues values;
  if (!error.empty()) {
    values = posted(request);
  } else {
    std::string templateName;
    for (const auto& t : services_.templates.list())
      if (t.id == a.templateId) templateName = t.name;
    values = {a.name,     a.entityType, a.trigger, commaSeparated(a.fields),
              a.criteria, templateName, a.toField, a.from,
              a.enabled};
  }
  Data data;
  data.set("id", std::to_string(a.id));
  data.set("name", a.name);
  if (request.caller().can("send_bulk"))
    data.set("formHtml",
             formHtml(request, values, "/automations/" + std::to_string(a.id), true, error));
  return renderer_.page(request, "automation", "Automation " + a.name, data, status);
}

db::AutomationRecord AutomationPages::recordOf(const WebRequest& request) {
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
  return a;
}

WebResponse AutomationPages::create(WebRequest& request) {
  try {
    const auto saved = services_.automations.create(recordOf(request), request.caller());
    return WebResponse::redirect("/automations", "Automation " + saved.name + " saved.");
  } catch (const host::ApiError& e) {
    if (!shownOnForm(e)) throw;
    return show(request, problemText(e), e.status() == 403 ? 403 : 422);
  }
}

WebResponse AutomationPages::update(WebRequest& request) {
  const auto id = request.pathId(0, "automation");
  services_.automations.get(id);  // ApiError 404 before the form is read
  try {
    const auto saved = services_.automations.update(id, recordOf(request), request.caller());
    return WebResponse::redirect("/automations", "Automation " + saved.name + " saved.");
  } catch (const host::ApiError& e) {
    if (!shownOnForm(e)) throw;
    return edit(request, problemText(e), e.status() == 403 ? 403 : 422);
  }
}

WebResponse AutomationPages::toggle(WebRequest& request) {
  auto a = services_.automations.get(request.pathId(0, "automation"));  // ApiError 404
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
  const auto a = services_.automations.get(request.pathId(0, "automation"));
  services_.automations.remove(a.id);
  return WebResponse::redirect("/automations", "Automation " + a.name + " deleted.");
}

}  // namespace pigeon::web
