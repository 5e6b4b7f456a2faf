#include "pages/campaign_pages.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>

#include "api/json_util.h"
#include "campaigns/quiet_hours.h"
#include "campaigns/time_zones.h"
#include "form_problem.h"
#include "pigeon/sdk/text/sms_text.h"
#include "schema/calendar.h"

namespace pigeon::web {

namespace {

using db::CampaignState;

// The buttons a campaign shows, by the states each applies to.
struct Action {
  const char* name;
  const char* label;
  std::set<CampaignState> from;
  bool danger;
};
const Action kActions[] = {
    {"start", "Start", {CampaignState::kDraft}, false},
    {"pause", "Pause", {CampaignState::kScheduled, CampaignState::kRunning}, false},
    {"resume", "Resume", {CampaignState::kPaused}, false},
    {"cancel",
     "Cancel",
     {CampaignState::kScheduled, CampaignState::kRunning, CampaignState::kPaused},
     true},
    {"delete",
     "Delete",
     {CampaignState::kDraft, CampaignState::kScheduled, CampaignState::kCompleted,
      CampaignState::kCancelled},
     true},
};

bool live(CampaignState s) {
  return s == CampaignState::kScheduled || s == CampaignState::kRunning ||
         s == CampaignState::kPaused;
}

Data actionsOf(const db::CampaignRecord& c, const WebRequest& request) {
  Data out = list();
  if (!request.caller().can("send_bulk")) return out;
  for (const auto& a : kActions) {
    if (!a.from.count(c.state)) continue;
    Data d;
    d.set("id", std::to_string(c.id));
    d.set("name", c.name);
    d.set("action", std::string(a.name));
    d.set("label", std::string(a.label));
    d.set("csrf", request.session->csrf);
    if (a.danger) d.set("danger", true);
    out.push_back(d);
  }
  return out;
}

std::string money(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  return buffer;
}

// "2026-12-24T09:00" as the form's datetime-local gives it, in `zone`; none when empty.
std::optional<std::int64_t> localTime(const std::string& text, const std::string& zone,
                                      const std::string& field) {
  if (text.empty()) return std::nullopt;
  const auto asUtc = entity::parseDateTime(text.size() == 16 ? text + ":00" : text);
  if (!asUtc || text.find_first_of("Z+") != std::string::npos)
    throw host::ApiError(422, "invalid_value", "a date and time such as 2026-12-24T09:00", field);
  return *asUtc - host::campaigns::utcOffsetMinutes(zone, *asUtc) * 60000LL;
}

std::string zoneOf(const WebRequest& r, const std::string& fallback) {
  const auto zone = r.field("time_zone", "Time zone", 64);
  return zone.empty() ? fallback : zone;
}

host::CampaignDraft draftOf(const WebRequest& r, const std::string& defaultZone) {
  host::CampaignDraft d;
  d.name = r.field("name", "Name", 64);
  d.selection = r.field("selection", "Recipients", 100);
  d.templateRef = r.field("template", "Template", 100);
  if (d.templateRef.empty()) d.text = r.field("text", "Text", 4000);
  d.from = r.field("from", "From", 32);
  d.timeZone = r.field("time_zone", "Time zone", 64);
  const auto zone = zoneOf(r, defaultZone);
  if (!host::campaigns::knownTimeZone(zone))
    throw host::ApiError(422, "invalid_value", "unknown time zone '" + zone + "'", "time_zone");
  d.startsAt = localTime(r.field("starts_at", "Start", 32), zone, "starts_at");
  d.endsAt = localTime(r.field("ends_at", "End", 32), zone, "ends_at");
  const auto quiet = r.field("quiet_hours", "Quiet hours", 16);
  d.quietHours = quiet.empty() ? "none" : quiet;
  const auto rate = r.field("rate", "Rate", 9);
  if (!rate.empty() && !std::all_of(rate.begin(), rate.end(), ::isdigit))
    throw host::ApiError(422, "invalid_value",
                         "a whole number of messages a second, 0 for the provider's pace", "rate");
  d.ratePerSecond = rate.empty() ? 0 : std::stoi(rate);
  return d;
}

}  // namespace

void CampaignPages::addRoutes(SiteRoutes& routes) {
  using A = SiteRoute::Access;
  routes.push_back(
      {"GET", "/campaigns", A::kSignedIn, "view_bulk", [this](auto& r) { return show(r); }});
  routes.push_back(
      {"GET", "/campaigns/rows", A::kSignedIn, "view_bulk", [this](auto& r) { return rows(r); }});
  routes.push_back({"GET", "/campaigns/new", A::kSignedIn, "send_bulk",
                    [this](auto& r) { return wizard(r, false); }});
  routes.push_back({"POST", "/campaigns/new", A::kSignedIn, "send_bulk",
                    [this](auto& r) { return wizard(r, true); }});
  routes.push_back({"POST", "/campaigns/summary", A::kSignedIn, "view_bulk",
                    [this](auto& r) { return summary(r); }});
  routes.push_back(
      {"POST", "/campaigns", A::kSignedIn, "send_bulk", [this](auto& r) { return create(r); }});
  routes.push_back(
      {"GET", "/campaigns/{id}", A::kSignedIn, "view_bulk", [this](auto& r) { return detail(r); }});
  routes.push_back({"GET", "/campaigns/{id}/progress", A::kSignedIn, "view_bulk",
                    [this](auto& r) { return progress(r); }});
  for (const auto& a : kActions) {
    const std::string name = a.name;
    routes.push_back({"POST", "/campaigns/{id}/" + name, A::kSignedIn, "send_bulk",
                      [this, name](auto& r) { return act(r, name); }});
  }
}

std::string CampaignPages::rowsHtml(const WebRequest& request) {
  Data rows = list();
  bool anyLive = false;
  for (const auto& c : services_.campaigns.list()) {
    const auto p = services_.campaigns.progress(c);
    const auto done = p.recipients - p.waiting - p.queued;
    Data d;
    d.set("id", std::to_string(c.id));
    d.set("name", c.name);
    d.set("state", std::string(db::campaignStateName(c.state)));
    d.set("recipients", std::to_string(p.recipients));
    d.set("done", std::to_string(done));
    d.set("percent", std::to_string(p.recipients ? done * 100 / p.recipients : 0));
    d.set("sent", std::to_string(p.sent));
    d.set("failed", std::to_string(p.failed));
    d.set("skipped", std::to_string(p.skipped));
    d.set("estimatedEnd", p.estimatedEnd ? host::isoTime(p.estimatedEnd) : std::string("-"));
    d.set("actions", actionsOf(c, request));
    anyLive = anyLive || live(c.state);
    rows.push_back(d);
  }
  Data data;
  data.set("campaigns", rows);
  if (!anyLive) data.set("finished", true);
  return renderer_.fragment("campaign_rows", data);
}

WebResponse CampaignPages::show(WebRequest& request) {
  Data data;
  data.set("rowsHtml", rowsHtml(request));
  if (request.caller().can("send_bulk")) data.set("maySave", true);
  return renderer_.page(request, "campaigns", "Campaigns", data);
}

WebResponse CampaignPages::rows(WebRequest& request) {
  WebResponse out;
  out.body = rowsHtml(request);
  return out;
}

WebResponse CampaignPages::wizard(WebRequest& request, bool posted, const std::string& error,
                                  int status) {
  auto value = [&](const std::string& name, const std::string& fallback = {}) {
    return posted ? request.field(name) : fallback;
  };
  Data data;
  data.set("csrf", request.session->csrf);
  if (!error.empty()) data.set("error", error);
  data.set("f_name", value("name"));
  data.set("f_text", value("text"));
  data.set("f_starts_at", value("starts_at"));
  data.set("f_ends_at", value("ends_at"));
  data.set("f_quiet_hours", value("quiet_hours", services_.settings.quietHours()));
  data.set("f_time_zone", value("time_zone", services_.campaigns.settings().defaultTimeZone));
  data.set("f_rate", value("rate", "0"));
  auto options = [&](const std::vector<std::pair<std::string, std::string>>& items,
                     const std::string& chosen) {
    Data out = list();
    for (const auto& [v, label] : items) {
      Data o;
      o.set("value", v);
      o.set("label", label);
      if (v == chosen) o.set("selected", true);
      out.push_back(o);
    }
    return out;
  };
  std::vector<std::pair<std::string, std::string>> selections,
      templates{{"", "none: a plain text"}}, senders{{"", "routing chooses"}};
  for (const auto& s : services_.selections.list())
    selections.emplace_back(s.name, s.name + " (" + s.entityType + ")");
  for (const auto& t : services_.templates.list())
    templates.emplace_back(t.name, t.name + " (" + t.entityType + ")");
  for (const auto& n : services_.numbers.list())
    if (host::NumberDirectory::mayView(request.caller(), n))
      senders.emplace_back(n.number, n.number + (n.label.empty() ? "" : " (" + n.label + ")"));
  data.set("selections", options(selections, value("selection")));
  data.set("templates", options(templates, value("template")));
  data.set("senders", options(senders, value("from")));
  data.set("summaryHtml", summaryHtml(request));
  return renderer_.page(request, "campaign_new", "New campaign", data, status);
}

std::string CampaignPages::summaryHtml(const WebRequest& request) {
  Data d;
  try {
    const auto ref = request.field("selection");
    if (ref.empty()) {
      d.set("noSelection", true);
      return renderer_.fragment("campaign_summary", d);
    }
    const auto all = services_.selections.list();
    auto s = std::find_if(all.begin(), all.end(), [&](const auto& x) { return x.name == ref; });
    if (s == all.end())
      throw host::ApiError(422, "invalid_value", "no selection '" + ref + "'", "selection");
    const auto count = services_.selections.count(*s).count;
    d.set("count", std::to_string(count));
    d.set("rows", std::string(count == 1 ? "recipient" : "recipients"));
    std::string sample = request.field("text");
    const auto templateRef = request.field("template");
    if (!templateRef.empty()) {
      const auto t = services_.templates.byReference(templateRef, "template");
      const auto first = services_.selections.members(*s, 0, 1);
      if (t.entityType != s->entityType)
        throw host::ApiError(422, "invalid_value",
                             "template '" + t.name + "' is written for " + t.entityType +
                                 ", the selection selects " + s->entityType,
                             "template");
      sample = first.empty()
                   ? std::string()
                   : services_.templates.render(t, services_.entities.type(s->entityType), first[0])
                         .text;
    }
    if (sample.empty()) return renderer_.fragment("campaign_summary", d);
    const auto analysis = sdk::text::analyzeText(sample);
    d.set("sample", sample);
    d.set("parts", std::to_string(analysis.parts));
    const auto sender =
        services_.numbers.senderFor(request.caller(), request.field("from"), "from");
    auto instance = sender.instance.empty() ? services_.providers.defaultInstance()
                                            : services_.providers.find(sender.instance);
    if (instance) {
      const auto each = analysis.parts * instance->pricePerPart();
      d.set("cost", money(each) + " each, " + money(each * static_cast<double>(count)) +
                        " in all via " + instance->name());
    }
  } catch (const host::ApiError& e) {
    d.set("problem", problemText(e));
  }
  return renderer_.fragment("campaign_summary", d);
}

WebResponse CampaignPages::summary(WebRequest& request) {
  WebResponse out;
  out.body = summaryHtml(request);
  return out;
}

WebResponse CampaignPages::create(WebRequest& request) {
  try {
    auto saved = services_.campaigns.create(
        draftOf(request, services_.campaigns.settings().defaultTimeZone), request.caller());
    if (request.field("action") == "start") saved = services_.campaigns.start(saved.id);
    return WebResponse::redirect(
        "/campaigns/" + std::to_string(saved.id),
        "Campaign " + saved.name +
            (saved.state == CampaignState::kDraft ? " saved as a draft." : " started."));
  } catch (const host::ApiError& e) {
    if (!isFormProblem(e) && e.status() != 403) throw;
    return wizard(request, true, problemText(e), e.status() == 403 ? 403 : 422);
  }
}

std::string CampaignPages::progressHtml(const WebRequest& request, const db::CampaignRecord& c) {
  const auto p = services_.campaigns.progress(c);
  const auto done = p.recipients - p.waiting - p.queued;
  Data d;
  d.set("state", std::string(db::campaignStateName(c.state)));
  if (!live(c.state)) d.set("finished", true);
  d.set("percent", std::to_string(p.recipients ? done * 100 / p.recipients : 0));
  for (const auto& [name, v] :
       std::initializer_list<std::pair<const char*, std::int64_t>>{{"recipients", p.recipients},
                                                                   {"waiting", p.waiting},
                                                                   {"queued", p.queued},
                                                                   {"sent", p.sent},
                                                                   {"delivered", p.delivered},
                                                                   {"failed", p.failed},
                                                                   {"skipped", p.skipped},
                                                                   {"replied", p.replied},
                                                                   {"optedOut", p.optedOut}})
    d.set(name, std::to_string(v));
  Data skipped = list();
  for (const auto& [reason, n] : p.skippedBy) {
    Data s;
    s.set("reason", reason);
    s.set("count", std::to_string(n));
    skipped.push_back(s);
  }
  d.set("skippedBy", skipped);
  d.set("rate", std::to_string(static_cast<long long>(p.ratePerSecond + 0.5)));
  d.set("estimatedEnd", p.estimatedEnd ? host::isoTime(p.estimatedEnd) : std::string("-"));
  if (!c.lastError.empty()) d.set("lastError", c.lastError);
  d.set("actions", actionsOf(c, request));
  return renderer_.fragment("campaign_progress", d);
}

WebResponse CampaignPages::detail(WebRequest& request) {
  const auto c = services_.campaigns.get(request.pathId(0, "campaign"));
  Data data;
  data.set("id", std::to_string(c.id));
  data.set("name", c.name);
  data.set("startsAt", c.startsAt ? host::isoTime(c.startsAt) : std::string("when started"));
  data.set("quietHours", host::campaigns::QuietHours{c.quietFrom, c.quietTo}.format());
  data.set("timeZone", c.timeZone);
  data.set("rate", c.ratePerSecond ? std::to_string(c.ratePerSecond) + " a second"
                                   : std::string("the provider's pace"));
  data.set("from", c.from.empty() ? std::string("routing") : c.from);
  data.set("author", c.author);
  data.set("progressHtml", progressHtml(request, c));
  return renderer_.page(request, "campaign", "Campaign " + c.name, data);
}

WebResponse CampaignPages::progress(WebRequest& request) {
  WebResponse out;
  out.body = progressHtml(request, services_.campaigns.get(request.pathId(0, "campaign")));
  return out;
}

WebResponse CampaignPages::act(WebRequest& request, const std::string& action) {
  const auto id = request.pathId(0, "campaign");
  const auto c = services_.campaigns.get(id);  // ApiError 404
  using Change = db::CampaignRecord (host::CampaignService::*)(std::int64_t);
  static const std::map<std::string, Change> kChanges{{"start", &host::CampaignService::start},
                                                      {"pause", &host::CampaignService::pause},
                                                      {"resume", &host::CampaignService::resume},
                                                      {"cancel", &host::CampaignService::cancel}};
  try {
    if (action == "delete") {
      services_.campaigns.remove(id);
      return WebResponse::redirect("/campaigns", "Campaign " + c.name + " deleted.");
    }
    const auto changed = (services_.campaigns.*kChanges.at(action))(id);
    return WebResponse::redirect(
        "/campaigns/" + std::to_string(id),
        "Campaign " + c.name + " is " + db::campaignStateName(changed.state) + ".");
  } catch (const host::ApiError& e) {
    if (!isFormProblem(e)) throw;
    return WebResponse::redirect("/campaigns/" + std::to_string(id), problemText(e));
  }
}

}  // namespace pigeon::web
