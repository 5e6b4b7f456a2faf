#include "pages/reminder_pages.h"

#include <algorithm>
#include <cctype>
#include <map>

#include <Poco/JSON/Parser.h>

#include "api/json_util.h"
#include "campaigns/quiet_hours.h"
#include "form_problem.h"

namespace pigeon::web {

namespace {

// "72h, 24h, 2h" as typed.
std::vector<std::string> offsetList(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  for (char ch : text + ",") {
    if (ch == ',' || ch == ' ') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else {
      item += ch;
    }
  }
  return out;
}

std::string joined(const std::vector<int>& offsets) {
  std::string out;
  for (int m : offsets) out += (out.empty() ? "" : ", ") + host::ReminderService::formatOffset(m);
  return out;
}

host::ReminderDraft draftOf(const WebRequest& r) {
  host::ReminderDraft d;
  d.name = r.field("name", "Name", 64);
  d.offsets = offsetList(r.field("offsets", "Before", 64));
  d.templateRef = r.field("template", "Template", 100);
  d.from = r.field("from", "From", 32);
  const auto quiet = r.field("quiet_hours", "Quiet hours", 16);
  d.quietHours = quiet.empty() ? "none" : quiet;
  d.timeZone = r.field("time_zone", "Time zone", 64);
  d.enabled = r.has("enabled");
  return d;
}

// The rule as stored, as the draft that saves it unchanged (its template by id).
host::ReminderDraft draftOf(const db::ReminderRule& rule, const std::string& templateRef) {
  host::ReminderDraft d;
  d.name = rule.name;
  d.entityType = rule.entityType;
  d.timeField = rule.timeField;
  for (int m : rule.offsets) d.offsets.push_back(std::to_string(m));
  d.templateRef = templateRef;
  d.from = rule.from;
  const auto quiet = host::campaigns::QuietHours{rule.quietFrom, rule.quietTo}.format();
  d.quietHours = quiet.empty() ? "none" : quiet;
  d.timeZone = rule.timeZone;
  d.groupField = rule.groupField;
  if (!rule.criteria.empty()) d.criteria = Poco::JSON::Parser().parse(rule.criteria);
  d.enabled = rule.enabled;
  return d;
}

}  // namespace

void ReminderPages::addRoutes(SiteRoutes& routes) {
  using A = SiteRoute::Access;
  routes.push_back(
      {"GET", "/reminders", A::kSignedIn, "view_bulk", [this](auto& r) { return show(r); }});
  routes.push_back(
      {"POST", "/reminders", A::kSignedIn, "send_bulk", [this](auto& r) { return create(r); }});
  routes.push_back({"POST", "/reminders/{id}/toggle", A::kSignedIn, "send_bulk",
                    [this](auto& r) { return toggle(r); }});
  routes.push_back({"POST", "/reminders/{id}/delete", A::kSignedIn, "send_bulk",
                    [this](auto& r) { return remove(r); }});
}

Data ReminderPages::queueData(const std::string& date) {
  Data d;
  d.set("date", date);
  try {
    const auto day = services_.reminders.day(date, "");
    Data groups = list();
    for (const auto& [group, states] : day.counts) {
      Data g;
      g.set("group", group.empty() ? std::string("(none)") : group);
      for (const char* state : {"upcoming", "pending", "sent", "skipped"}) {
        auto n = states.find(state);
        g.set(state, std::to_string(n == states.end() ? 0 : n->second));
      }
      groups.push_back(g);
    }
    d.set("groups", groups);
    Data items = list();
    for (const auto& i : day.items) {
      Data item;
      item.set("due", host::isoTime(i.dueAt));
      item.set("startsAt", host::isoTime(i.startsAt));
      item.set("offset", host::ReminderService::formatOffset(i.offset));
      item.set("entityId", std::to_string(i.entityId));
      item.set("state", i.state);
      item.set("reason", i.reason);
      item.set("group", i.group);
      items.push_back(item);
    }
    d.set("items", items);
  } catch (const host::ApiError& e) {
    if (!isFormProblem(e)) throw;
    d.set("queueError", problemText(e));
  }
  return d;
}

WebResponse ReminderPages::show(WebRequest& request, const std::string& error, int status) {
  std::map<std::int64_t, std::string> templateNames;
  for (const auto& t : services_.templates.list()) templateNames[t.id] = t.name;
  Data rules = list();
  const bool maySave = request.caller().can("send_bulk");
  for (const auto& r : services_.reminders.list()) {
    Data d;
    d.set("id", std::to_string(r.id));
    d.set("name", r.name);
    d.set("when", joined(r.offsets) + " before " + r.entityType + " " + r.timeField);
    auto name = templateNames.find(r.templateId);
    d.set("template", name == templateNames.end() ? std::string("(gone)") : name->second);
    const auto quiet = host::campaigns::QuietHours{r.quietFrom, r.quietTo}.format();
    d.set("quiet", quiet.empty() ? std::string("none") : quiet + " " + r.timeZone);
    d.set("group", r.groupField.empty() ? std::string("-") : r.groupField);
    d.set("state", std::string(r.enabled ? "on" : "off"));
    d.set("toggle", std::string(r.enabled ? "Turn off" : "Turn on"));
    d.set("csrf", request.session->csrf);
    if (maySave) d.set("maySave", true);
    rules.push_back(d);
  }
  Data data;
  data.set("rules", rules);
  data.set("queue", queueData(request.queryValue("date")));
  if (maySave) {
    const bool posted = !error.empty();
    data.set("maySave", true);
    data.set("csrf", request.session->csrf);
    if (posted) data.set("error", error);
    data.set("f_name", posted ? request.field("name") : std::string());
    data.set("f_offsets", posted ? request.field("offsets") : std::string("72h, 24h, 2h"));
    data.set("f_from", posted ? request.field("from") : std::string());
    data.set("f_quiet_hours",
             posted ? request.field("quiet_hours") : services_.settings.quietHours());
    data.set("f_time_zone",
             posted ? request.field("time_zone") : services_.campaigns.settings().defaultTimeZone);
    if (!posted || request.has("enabled")) data.set("enabled", true);
    Data templates = list();
    for (const auto& t : services_.templates.list()) {
      if (t.entityType != "appointment") continue;
      Data o;
      o.set("name", t.name);
      if (posted && t.name == request.field("template")) o.set("selected", true);
      templates.push_back(o);
    }
    data.set("templates", templates);
  }
  return renderer_.page(request, "reminders", "Reminders", data, status);
}

WebResponse ReminderPages::create(WebRequest& request) {
  try {
    const auto saved = services_.reminders.create(draftOf(request), request.caller());
    return WebResponse::redirect("/reminders", "Reminder rule " + saved.name + " saved.");
  } catch (const host::ApiError& e) {
    if (!isFormProblem(e) && e.status() != 403) throw;
    return show(request, problemText(e), e.status() == 403 ? 403 : 422);
  }
}

WebResponse ReminderPages::toggle(WebRequest& request) {
  const auto rule = services_.reminders.get(request.pathId(0, "reminder rule"));  // 404
  auto draft = draftOf(rule, std::to_string(rule.templateId));
  draft.enabled = !rule.enabled;
  try {
    services_.reminders.update(rule.id, draft, request.caller());
  } catch (const host::ApiError& e) {
    if (!isFormProblem(e) && e.status() != 403) throw;
    return WebResponse::redirect("/reminders", problemText(e));
  }
  return WebResponse::redirect(
      "/reminders", "Reminder rule " + rule.name + " turned " + (draft.enabled ? "on." : "off."));
}

WebResponse ReminderPages::remove(WebRequest& request) {
  const auto rule = services_.reminders.get(request.pathId(0, "reminder rule"));
  services_.reminders.remove(rule.id);
  return WebResponse::redirect("/reminders", "Reminder rule " + rule.name + " deleted.");
}

}  // namespace pigeon::web
