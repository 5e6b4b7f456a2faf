#include "alerts/alert_service.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include <Poco/Logger.h>

#include "alerts/alert_kinds.h"
#include "api/api_types.h"
#include "api/json_util.h"
#include "outbox/clock.h"

namespace pigeon::host {

namespace {

using db::AlertRecord;
using db::AlertRepository;
using db::AlertRule;

constexpr std::size_t kMaxName = 64;
constexpr std::size_t kMaxMembers = 200;
constexpr std::size_t kMaxText = 480;
constexpr std::size_t kMaxKey = 120;
const std::set<std::string> kSeverities{"info", "alarm"};
// The first word of an acknowledging reply, upper-cased.
const std::set<std::string> kAckWords{"ACK", "OK"};

// A case is escalated when one of these fields holds the value (a boolean stores 1).
const std::vector<std::pair<std::string, std::string>> kEscalated{{"priority", "critical"},
                                                                  {"urgent", "1"}};

ApiError invalid(const std::string& message, const std::string& field) {
  return ApiError(422, "invalid_value", message, field);
}

ApiError notFound(const std::string& what, std::int64_t id) {
  return ApiError(404, "not_found", "no " + what + " " + std::to_string(id));
}

std::string number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

std::string fieldText(const entity::EntityType& type, const entity::EntityRecord& row,
                      const std::string& name) {
  for (std::size_t i = 0; i < type.fields.size(); ++i)
    if (type.fields[i].name == name) return db::asString(row.values[i]);
  return "";
}

bool escalated(const entity::EntityType& type, const entity::EntityRecord& row) {
  return std::any_of(kEscalated.begin(), kEscalated.end(), [&](const auto& field) {
    return fieldText(type, row, field.first) == field.second;
  });
}

}  // namespace

AlertService::AlertService(db::ConnectionPool& pool, const phone::PhoneNormalizer& phones)
    : pool_(pool), phones_(phones) {}

db::StaffGroup AlertService::checked(const StaffGroupDraft& d, std::int64_t id) const {
  db::StaffGroup g;
  g.id = id;
  if (d.name.empty() || d.name.size() > kMaxName)
    throw invalid("name must be 1 to 64 characters", "name");
  g.name = d.name;
  if (d.members.size() > kMaxMembers) throw invalid("at most 200 members", "members");
  for (std::size_t i = 0; i < d.members.size(); ++i) {
    const auto field = "members[" + std::to_string(i) + "].phone";
    const auto n = phones_.normalize(d.members[i].phone);
    if (!n.ok) throw invalid(n.reason, field);
    for (const auto& m : g.members)
      if (m.phone == n.e164) throw invalid(n.e164 + " is listed twice", field);
    g.members.push_back({n.e164, d.members[i].name});
  }
  return g;
}

std::vector<db::StaffGroup> AlertService::groups() {
  auto c = pool_.acquire();
  return AlertRepository::groups(*c);
}

db::StaffGroup AlertService::group(std::int64_t id) {
  auto c = pool_.acquire();
  auto g = AlertRepository::findGroup(*c, id);
  if (!g) throw notFound("staff group", id);
  return *g;
}

db::StaffGroup AlertService::createGroup(const StaffGroupDraft& draft) {
  auto g = checked(draft, 0);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  for (const auto& other : AlertRepository::groups(*c))
    if (other.name == g.name)
      throw ApiError(409, "name_taken", "a staff group named '" + g.name + "' exists", "name");
  g.id = AlertRepository::insertGroup(*c, g, nowMs());
  tx.commit();
  return *AlertRepository::findGroup(*c, g.id);
}

db::StaffGroup AlertService::updateGroup(std::int64_t id, const StaffGroupDraft& draft) {
  auto g = checked(draft, id);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  for (const auto& other : AlertRepository::groups(*c))
    if (other.name == g.name && other.id != id)
      throw ApiError(409, "name_taken", "a staff group named '" + g.name + "' exists", "name");
  if (!AlertRepository::updateGroup(*c, g, nowMs())) throw notFound("staff group", id);
  tx.commit();
  return *AlertRepository::findGroup(*c, id);
}

void AlertService::removeGroup(std::int64_t id) {
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  if (AlertRepository::groupInUse(*c, id))
    throw ApiError(409, "in_use", "an alert rule sends to this group; change the rule first");
  if (!AlertRepository::removeGroup(*c, id)) throw notFound("staff group", id);
  tx.commit();
}

AlertRule AlertService::checked(const AlertRuleDraft& d, const Caller& author, std::int64_t id) {
  AlertRule r;
  r.id = id;
  if (d.name.empty() || d.name.size() > kMaxName)
    throw invalid("name must be 1 to 64 characters", "name");
  r.name = d.name;
  const auto* kind = alerts::findAlertKind(d.kind);
  if (!kind) {
    std::string names;
    for (const auto& k : alerts::alertKinds())
      names += (names.empty() ? "" : ", ") + std::string(k.name);
    throw invalid("kind must be one of " + names, "kind");
  }
  r.kind = kind->name;
  if (!kSeverities.count(d.severity)) throw invalid("severity must be info or alarm", "severity");
  r.severity = d.severity;
  const auto groups = this->groups();
  auto group = std::find_if(groups.begin(), groups.end(), [&](const db::StaffGroup& g) {
    return g.name == d.group || std::to_string(g.id) == d.group;
  });
  if (group == groups.end()) throw invalid("no staff group '" + d.group + "'", "group");
  r.groupId = group->id;
  if (!d.subject.empty() && !kind->hasSubject)
    throw invalid(r.kind + " alerts watch no provider instance", "subject");
  r.subject = d.subject;
  if (d.threshold && !kind->threshold)
    throw invalid(r.kind + " alerts have no threshold", "threshold");
  r.threshold = d.threshold.value_or(kind->defaultThreshold);
  if (kind->threshold && r.threshold < 0)
    throw invalid("threshold must not be negative", "threshold");
  if (d.message.size() > kMaxText)
    throw invalid("message is longer than 480 characters", "message");
  r.message = d.message;
  if (d.dedupeSeconds < 0 || d.dedupeSeconds > 7 * 86400)
    throw invalid("dedupe_s must be from 0 to 604800 seconds (a week)", "dedupe_s");
  r.dedupeSeconds = d.dedupeSeconds;
  if (d.maxPerHour < 1 || d.maxPerHour > 1000)
    throw invalid("max_per_hour must be from 1 to 1000", "max_per_hour");
  r.maxPerHour = d.maxPerHour;
  if (d.repeatSeconds != 0 && (d.repeatSeconds < 60 || d.repeatSeconds > 86400))
    throw invalid("repeat_s must be 0 (never) or from 60 to 86400 seconds", "repeat_s");
  if (d.repeatSeconds && r.severity != "alarm")
    throw invalid("only an alarm is repeated until acknowledged", "repeat_s");
  r.repeatSeconds = d.repeatSeconds;
  r.enabled = d.enabled;
  r.author = author.name;
  r.authorId = author.userId;
  return r;
}

std::vector<AlertRule> AlertService::rules() {
  auto c = pool_.acquire();
  return AlertRepository::rules(*c);
}

AlertRule AlertService::rule(std::int64_t id) {
  auto c = pool_.acquire();
  auto r = AlertRepository::findRule(*c, id);
  if (!r) throw notFound("alert rule", id);
  return *r;
}

AlertRule AlertService::createRule(const AlertRuleDraft& draft, const Caller& author) {
  auto r = checked(draft, author, 0);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  for (const auto& other : AlertRepository::rules(*c))
    if (other.name == r.name)
      throw ApiError(409, "name_taken", "an alert rule named '" + r.name + "' exists", "name");
  r.id = AlertRepository::insertRule(*c, r, nowMs());
  tx.commit();
  return *AlertRepository::findRule(*c, r.id);
}

AlertRule AlertService::updateRule(std::int64_t id, const AlertRuleDraft& draft,
                                   const Caller& author) {
  auto r = checked(draft, author, id);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  for (const auto& other : AlertRepository::rules(*c))
    if (other.name == r.name && other.id != id)
      throw ApiError(409, "name_taken", "an alert rule named '" + r.name + "' exists", "name");
  if (!AlertRepository::updateRule(*c, r, nowMs())) throw notFound("alert rule", id);
  tx.commit();
  return *AlertRepository::findRule(*c, id);
}

void AlertService::removeRule(std::int64_t id) {
  auto c = pool_.acquire();
  if (!AlertRepository::removeRule(*c, id)) throw notFound("alert rule", id);
}

AlertRecord AlertService::raise(const AlertRule& rule, const std::string& key,
                                const std::map<std::string, std::string>& values,
                                std::int64_t now) {
  const auto* kind = alerts::findAlertKind(rule.kind);
  auto filled = values;
  filled["threshold"] = number(rule.threshold);
  auto text = alerts::fillIn(rule.message.empty() && kind ? kind->message : rule.message, filled);
  if (text.size() > kMaxText) text.resize(kMaxText);
  std::int64_t id = 0;
  bool fresh = false;
  {
    auto c = pool_.acquire();
    db::Transaction tx(*c);
    const auto last = AlertRepository::latest(*c, rule.id, key);
    const bool same =
        last && (last->state != "resolved" || last->resolvedAt + rule.dedupeSeconds * 1000LL > now);
    if (same) {
      id = last->id;
      AlertRepository::raiseAgain(*c, id, text, now);
    } else {
      AlertRecord a;
      a.ruleId = rule.id;
      a.key = key;
      a.severity = rule.severity;
      a.text = text;
      a.raisedAt = now;
      id = AlertRepository::insert(*c, a);
      fresh = true;
    }
    tx.commit();
  }
  if (fresh) raised();
  return get(id);
}

AlertRecord AlertService::raiseByApi(const std::string& ruleRef, const std::string& key,
                                     const std::string& text) {
  const auto all = rules();
  auto r = std::find_if(all.begin(), all.end(), [&](const AlertRule& x) {
    return x.name == ruleRef || std::to_string(x.id) == ruleRef;
  });
  if (r == all.end()) throw invalid("no alert rule '" + ruleRef + "'", "rule");
  if (r->kind != "api")
    throw invalid("rule '" + r->name + "' is raised by the host (" + r->kind + "), not by the API",
                  "rule");
  if (!r->enabled) throw invalid("rule '" + r->name + "' is disabled", "rule");
  if (text.empty() || text.size() > kMaxText)
    throw invalid("text must be 1 to 480 characters", "text");
  if (key.size() > kMaxKey) throw invalid("key is longer than 120 characters", "key");
  return raise(*r, key.empty() ? "api" : key, {{"text", text}}, nowMs());
}

void AlertService::resolveKey(const AlertRule& rule, const std::string& key, std::int64_t now) {
  auto c = pool_.acquire();
  for (const auto& a : AlertRepository::unresolved(*c, rule.id))
    if (a.key == key) AlertRepository::resolve(*c, a.id, now);
}

std::vector<AlertRecord> AlertService::list(const std::string& state, std::int64_t beforeId,
                                            int limit) {
  if (!state.empty() && state != "open" && state != "acknowledged" && state != "resolved")
    throw invalid("state must be open, acknowledged or resolved", "state");
  auto c = pool_.acquire();
  return AlertRepository::list(*c, state, beforeId, limit);
}

AlertRecord AlertService::get(std::int64_t id) {
  auto c = pool_.acquire();
  auto a = AlertRepository::find(*c, id);
  if (!a) throw notFound("alert", id);
  return *a;
}

AlertRecord AlertService::acknowledge(std::int64_t id, const std::string& by) {
  const auto a = get(id);
  auto c = pool_.acquire();
  if (!AlertRepository::acknowledge(*c, id, by, nowMs()))
    throw ApiError(409, "invalid_state", "alert " + std::to_string(id) + " is " + a.state);
  return *AlertRepository::find(*c, id);
}

AlertRecord AlertService::resolve(std::int64_t id) {
  get(id);
  auto c = pool_.acquire();
  if (!AlertRepository::resolve(*c, id, nowMs()))
    throw ApiError(409, "invalid_state", "alert " + std::to_string(id) + " is resolved already");
  return *AlertRepository::find(*c, id);
}

std::optional<std::string> AlertService::acknowledgeByReply(const std::string& from,
                                                            const std::string& body) {
  std::istringstream words(body);
  std::string word, digits, rest;
  if (!(words >> word >> digits) || (words >> rest)) return std::nullopt;
  std::transform(word.begin(), word.end(), word.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  if (!kAckWords.count(word) || digits.size() > 18 ||
      !std::all_of(digits.begin(), digits.end(), ::isdigit))
    return std::nullopt;
  const auto id = std::stoll(digits);
  auto c = pool_.acquire();
  const auto alert = AlertRepository::find(*c, id);
  if (!alert) return std::nullopt;
  const auto rule = AlertRepository::findRule(*c, alert->ruleId);
  const auto group = rule ? AlertRepository::findGroup(*c, rule->groupId) : std::nullopt;
  if (!group) return std::nullopt;
  auto member = std::find_if(group->members.begin(), group->members.end(),
                             [&](const db::StaffMember& m) { return m.phone == from; });
  if (member == group->members.end()) return std::nullopt;  // not theirs to acknowledge
  const auto name = member->name.empty() ? member->phone : member->name;
  const auto label = "Alert " + digits;
  if (AlertRepository::acknowledge(*c, id, name, nowMs()))
    return label + " acknowledged. Thank you.";
  if (alert->state == "acknowledged")
    return label + " was acknowledged already by " + alert->acknowledgedBy + ".";
  return label + " is resolved already.";
}

void AlertService::entityChanged(const EntityChange& change) {
  if (change.type.name != "case" || !escalated(change.type, change.after)) return;
  if (change.before && escalated(change.type, *change.before)) return;
  try {
    const auto& row = change.after;
    for (const auto& rule : rules())
      if (rule.enabled && rule.kind == "case_escalated")
        raise(rule, "case:" + std::to_string(row.id),
              {{"id", std::to_string(row.id)},
               {"subject", fieldText(change.type, row, "subject")},
               {"priority", fieldText(change.type, row, "priority")}},
              nowMs());
  } catch (const std::exception& e) {
    // The change committed and stays; the alert the store could not take is said in the log.
    Poco::Logger::get("pigeond.alerts")
        .error("case %Ld escalated, alert not raised: %s", static_cast<long long>(change.after.id),
               std::string(e.what()));
  }
}

}  // namespace pigeon::host
