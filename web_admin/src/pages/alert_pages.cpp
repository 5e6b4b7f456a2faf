#include "pages/alert_pages.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <map>
#include <sstream>

#include "alerts/alert_kinds.h"
#include "api/json_util.h"
#include "form_problem.h"

namespace pigeon::web {

namespace {

constexpr int kShown = 100;

// "Ivan, +79120000001" per line (the name may be left out).
std::vector<db::StaffMember> membersOf(const std::string& text) {
  std::vector<db::StaffMember> out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.find_first_not_of(" \r") == std::string::npos) continue;
    const auto comma = line.rfind(',');
    auto trim = [](std::string s) {
      const auto first = s.find_first_not_of(" \r");
      return first == std::string::npos ? std::string()
                                        : s.substr(first, s.find_last_not_of(" \r") - first + 1);
    };
    if (comma == std::string::npos)
      out.push_back({trim(line), ""});
    else
      out.push_back({trim(line.substr(comma + 1)), trim(line.substr(0, comma))});
  }
  return out;
}

int wholeNumber(const WebRequest& r, const std::string& name, const std::string& label,
                int fallback) {
  const auto text = r.field(name, label, 9);
  if (text.empty()) return fallback;
  if (!std::all_of(text.begin(), text.end(), ::isdigit))
    throw host::ApiError(422, "invalid_value", label + " must be a whole number", name);
  return std::stoi(text);
}

}  // namespace

void AlertPages::addRoutes(SiteRoutes& routes) {
  using A = SiteRoute::Access;
  routes.push_back(
      {"GET", "/alerts", A::kSignedIn, "view_bulk", [this](auto& r) { return show(r); }});
  for (const std::string action : {"acknowledge", "resolve"})
    routes.push_back({"POST", "/alerts/{id}/" + action, A::kSignedIn, "view_bulk",
                      [this, action](auto& r) { return act(r, action); }});
  routes.push_back({"POST", "/alerts/groups", A::kSignedIn, "manage_rules",
                    [this](auto& r) { return addGroup(r); }});
  routes.push_back({"POST", "/alerts/groups/{id}/delete", A::kSignedIn, "manage_rules",
                    [this](auto& r) { return removeGroup(r); }});
  routes.push_back({"POST", "/alerts/rules", A::kSignedIn, "manage_rules",
                    [this](auto& r) { return addRule(r); }});
  routes.push_back({"POST", "/alerts/rules/{id}/delete", A::kSignedIn, "manage_rules",
                    [this](auto& r) { return removeRule(r); }});
}

WebResponse AlertPages::show(WebRequest& request, const std::string& groupError,
                             const std::string& ruleError, int status) {
  const auto csrf = request.session->csrf;
  std::map<std::int64_t, std::string> ruleNames, groupNames;
  const auto groups = services_.alerts.groups();
  const auto rules = services_.alerts.rules();
  for (const auto& g : groups) groupNames[g.id] = g.name;
  for (const auto& r : rules) ruleNames[r.id] = r.name;
  Data alerts = list();
  for (const auto& a :
       services_.alerts.list("", std::numeric_limits<std::int64_t>::max(), kShown)) {
    Data d;
    d.set("id", std::to_string(a.id));
    d.set("rule", ruleNames.count(a.ruleId) ? ruleNames[a.ruleId] : std::string("(deleted)"));
    d.set("severity", a.severity);
    d.set("text", a.text);
    d.set("state", a.state);
    d.set("raised", host::isoTime(a.raisedAt));
    d.set("occurrences", std::to_string(a.occurrences));
    d.set("notified",
          std::to_string(a.notifications) +
              (a.suppressed ? " (" + std::to_string(a.suppressed) + " held back)" : ""));
    if (!a.acknowledgedBy.empty()) d.set("by", a.acknowledgedBy);
    if (a.state == "open") d.set("mayAcknowledge", true);
    if (a.state != "resolved") d.set("mayResolve", true);
    d.set("csrf", csrf);
    alerts.push_back(d);
  }
  Data data;
  data.set("alerts", alerts);
  if (request.caller().can("manage_rules")) {
    const bool mayManage = true;
    data.set("mayManage", mayManage);
    data.set("csrf", csrf);
    Data groupRows = list();
    for (const auto& g : groups) {
      Data d;
      d.set("id", std::to_string(g.id));
      d.set("name", g.name);
      std::string members;
      for (const auto& m : g.members)
        members +=
            (members.empty() ? "" : ", ") + (m.name.empty() ? m.phone : m.name + " " + m.phone);
      d.set("members", members);
      d.set("csrf", csrf);
      groupRows.push_back(d);
    }
    data.set("groups", groupRows);
    Data ruleRows = list();
    for (const auto& r : rules) {
      Data d;
      d.set("id", std::to_string(r.id));
      d.set("name", r.name);
      d.set("kind", r.kind + (r.subject.empty() ? "" : " (" + r.subject + ")"));
      d.set("severity", r.severity);
      d.set("group", groupNames[r.groupId]);
      d.set("limits",
            std::to_string(r.maxPerHour) + " an hour" +
                (r.repeatSeconds ? ", again every " + std::to_string(r.repeatSeconds) + " s" : ""));
      d.set("csrf", csrf);
      ruleRows.push_back(d);
    }
    data.set("rules", ruleRows);
    const bool groupPosted = !groupError.empty(), rulePosted = !ruleError.empty();
    if (groupPosted) data.set("groupError", groupError);
    if (rulePosted) data.set("ruleError", ruleError);
    data.set("g_name", groupPosted ? request.field("name") : std::string());
    data.set("g_members", groupPosted ? request.field("members") : std::string());
    data.set("r_name", rulePosted ? request.field("name") : std::string());
    data.set("r_subject", rulePosted ? request.field("subject") : std::string());
    data.set("r_threshold", rulePosted ? request.field("threshold") : std::string());
    data.set("r_message", rulePosted ? request.field("message") : std::string());
    data.set("r_max_per_hour", rulePosted ? request.field("max_per_hour") : std::string("10"));
    data.set("r_repeat_s", rulePosted ? request.field("repeat_s") : std::string("0"));
    Data kinds = list();
    for (const auto& k : host::alerts::alertKinds()) {
      Data o;
      o.set("name", std::string(k.name));
      o.set("threshold", std::string(k.threshold ? k.threshold : "none"));
      if (rulePosted && request.field("kind") == k.name) o.set("selected", true);
      kinds.push_back(o);
    }
    data.set("kinds", kinds);
    Data groupOptions = list();
    for (const auto& g : groups) {
      Data o;
      o.set("name", g.name);
      if (rulePosted && request.field("group") == g.name) o.set("selected", true);
      groupOptions.push_back(o);
    }
    data.set("groupOptions", groupOptions);
    if (rulePosted && request.field("severity") == "info") data.set("info", true);
  }
  return renderer_.page(request, "alerts", "Alerts", data, status);
}

WebResponse AlertPages::act(WebRequest& request, const std::string& action) {
  const auto id = request.pathId(0, "alert");
  try {
    if (action == "acknowledge")
      services_.alerts.acknowledge(id, request.caller().name);
    else
      services_.alerts.resolve(id);
  } catch (const host::ApiError& e) {
    if (!isFormProblem(e)) throw;
    return WebResponse::redirect("/alerts", problemText(e));
  }
  return WebResponse::redirect(
      "/alerts",
      "Alert " + std::to_string(id) + (action == "acknowledge" ? " acknowledged." : " resolved."));
}

WebResponse AlertPages::addGroup(WebRequest& request) {
  try {
    host::StaffGroupDraft d;
    d.name = request.field("name", "Name", 64);
    d.members = membersOf(request.field("members", "Members", 20000));
    const auto saved = services_.alerts.createGroup(d);
    return WebResponse::redirect("/alerts", "Staff group " + saved.name + " saved.");
  } catch (const host::ApiError& e) {
    if (!isFormProblem(e)) throw;
    return show(request, problemText(e), {}, 422);
  }
}

WebResponse AlertPages::removeGroup(WebRequest& request) {
  const auto group = services_.alerts.group(request.pathId(0, "staff group"));
  try {
    services_.alerts.removeGroup(group.id);
  } catch (const host::ApiError& e) {
    if (!isFormProblem(e)) throw;
    return WebResponse::redirect("/alerts", problemText(e));
  }
  return WebResponse::redirect("/alerts", "Staff group " + group.name + " deleted.");
}

WebResponse AlertPages::addRule(WebRequest& request) {
  try {
    host::AlertRuleDraft d;
    d.name = request.field("name", "Name", 64);
    d.kind = request.field("kind", "Kind", 32);
    d.severity = request.field("severity", "Severity", 16);
    d.group = request.field("group", "Group", 64);
    d.subject = request.field("subject", "Provider instance", 64);
    const auto threshold = request.field("threshold", "Threshold", 20);
    if (!threshold.empty()) {
      try {
        d.threshold = std::stod(threshold);
      } catch (const std::exception&) {
        throw host::ApiError(422, "invalid_value", "Threshold must be a number", "threshold");
      }
    }
    d.message = request.field("message", "Text", 480);
    d.maxPerHour = wholeNumber(request, "max_per_hour", "At most an hour", d.maxPerHour);
    d.repeatSeconds = wholeNumber(request, "repeat_s", "Again every (s)", 0);
    const auto saved = services_.alerts.createRule(d, request.caller());
    return WebResponse::redirect("/alerts", "Alert rule " + saved.name + " saved.");
  } catch (const host::ApiError& e) {
    if (!isFormProblem(e)) throw;
    return show(request, {}, problemText(e), 422);
  }
}

WebResponse AlertPages::removeRule(WebRequest& request) {
  const auto rule = services_.alerts.rule(request.pathId(0, "alert rule"));
  services_.alerts.removeRule(rule.id);
  return WebResponse::redirect("/alerts", "Alert rule " + rule.name + " deleted.");
}

}  // namespace pigeon::web
