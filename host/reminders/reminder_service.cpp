#include "reminders/reminder_service.h"

#include <algorithm>
#include <limits>
#include <set>
#include <sstream>

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include "campaigns/quiet_hours.h"
#include "campaigns/time_zones.h"
#include "outbox/clock.h"
#include "schema/calendar.h"
#include "schema/entity_tables.h"
#include "templates/batch_renderer.h"

namespace pigeon::host {

namespace {

using db::ReminderRepository;
using db::ReminderRule;

constexpr std::size_t kMaxName = 64;
constexpr std::size_t kMaxFrom = 20;
constexpr std::size_t kMaxOffsets = 3;
constexpr int kMaxOffsetMinutes = 60 * 24 * 60;  // 60 days
constexpr std::int64_t kDayMs = 86400000;
constexpr int kMaxReportDays = 93;

// The rows a rule reminds when none are given: an appointment that is not cancelled nor done,
// of a client who does not refuse SMS. A type not listed: every row.
const std::map<std::string, const char*> kDefaultCriteria{
    {"appointment",
     R"({"all": [{"field": "status", "op": "not_in", "value": ["cancelled", "done"]},
                 {"field": "refuses_sms", "op": "ne", "value": true}]})"}};
// The group field a rule takes when none is given, if its type has it.
constexpr const char* kDefaultGroupField = "branch";
// A row's status field the report counts (confirmed, cancelled...), if its type has it.
constexpr const char* kStatusField = "status";

// "72h" -> 4320, "1d" -> 1440, "30m" -> 30, "120" -> 120 minutes; nullopt when not that.
std::optional<int> parseOffset(const std::string& text) {
  static const std::map<char, int> kUnit{{'m', 1}, {'h', 60}, {'d', 1440}};
  if (text.empty() || text.size() > 6) return std::nullopt;
  auto digits = text;
  int unit = 1;
  if (auto u = kUnit.find(text.back()); u != kUnit.end()) {
    unit = u->second;
    digits.pop_back();
  }
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), ::isdigit)) return std::nullopt;
  return std::stoi(digits) * unit;
}

ApiError invalid(const std::string& message, const std::string& field) {
  return ApiError(422, "invalid_value", message, field);
}

const entity::Field* fieldOf(const entity::EntityType& type, const std::string& name) {
  for (const auto& f : type.fields)
    if (f.name == name) return &f;
  return nullptr;
}

}  // namespace

std::string ReminderService::formatOffset(int minutes) {
  if (minutes % 1440 == 0 && minutes >= 2880) return std::to_string(minutes / 1440) + "d";
  if (minutes % 60 == 0) return std::to_string(minutes / 60) + "h";
  return std::to_string(minutes) + "m";
}

ReminderService::ReminderService(db::ConnectionPool& pool, const EntityService& entities,
                                 SelectionService& selections, TemplateService& templates,
                                 const NumberDirectory& numbers, const SettingsAdmin& adminSettings,
                                 ReminderSettings settings)
    : pool_(pool),
      entities_(entities),
      selections_(selections),
      templates_(templates),
      numbers_(numbers),
      adminSettings_(adminSettings),
      settings_(std::move(settings)) {}

ReminderRule ReminderService::checked(const ReminderDraft& d, const Caller& author,
                                      std::int64_t id) const {
  ReminderRule r;
  r.id = id;
  if (d.name.empty() || d.name.size() > kMaxName)
    throw invalid("name must be 1 to 64 characters", "name");
  r.name = d.name;
  const auto* type = entities_.catalog().find(d.entityType);
  if (!type) throw invalid("no entity type '" + d.entityType + "'", "entity_type");
  r.entityType = type->name;
  if (type->phoneField.empty() && !recipientReference(entities_.catalog(), *type))
    throw invalid(type->name + " rows have no phone field nor a reference to a row with one",
                  "entity_type");
  const auto* time = fieldOf(*type, d.timeField);
  if (!time || time->type != entity::FieldType::kDateTime)
    throw invalid(type->name + " has no date-time field '" + d.timeField + "'", "time_field");
  r.timeField = time->name;

  if (d.offsets.empty() || d.offsets.size() > kMaxOffsets)
    throw invalid("give one to three offsets, such as [\"72h\", \"24h\", \"2h\"]", "offsets");
  for (const auto& text : d.offsets) {
    const auto minutes = parseOffset(text);
    if (!minutes || *minutes < 1 || *minutes > kMaxOffsetMinutes)
      throw invalid("offset '" + text + "' is not a time before, from 1m to 60d (30m, 2h, 3d)",
                    "offsets");
    if (std::find(r.offsets.begin(), r.offsets.end(), *minutes) != r.offsets.end())
      throw invalid("offset '" + text + "' is given twice", "offsets");
    r.offsets.push_back(*minutes);
  }
  std::sort(r.offsets.rbegin(), r.offsets.rend());

  const auto t = templates_.byReference(d.templateRef, "template");
  if (t.entityType != r.entityType)
    throw invalid(
        "template '" + t.name + "' is written for " + t.entityType + ", not " + r.entityType,
        "template");
  r.templateId = t.id;
  if (d.from.size() > kMaxFrom) throw invalid("from is longer than 20 characters", "from");
  const auto sender = numbers_.senderFor(author, d.from, "from");
  r.from = sender.from;
  r.fromInstance = sender.instance;

  std::string problem;
  const auto quiet =
      campaigns::QuietHours::choose(d.quietHours, adminSettings_.quietHours(), problem);
  if (!quiet) throw invalid(problem, "quiet_hours");
  r.quietFrom = quiet->from;
  r.quietTo = quiet->to;
  r.timeZone = d.timeZone.empty() ? settings_.defaultTimeZone : d.timeZone;
  if (!campaigns::knownTimeZone(r.timeZone))
    throw invalid("unknown time zone '" + r.timeZone + "' (an IANA name such as Europe/Moscow)",
                  "time_zone");

  if (d.groupField) {
    if (!d.groupField->empty() && !fieldOf(*type, *d.groupField))
      throw invalid(type->name + " has no field '" + *d.groupField + "'", "group_field");
    r.groupField = *d.groupField;
  } else if (fieldOf(*type, kDefaultGroupField)) {
    r.groupField = kDefaultGroupField;
  }

  Poco::Dynamic::Var criteria;
  if (d.criteria) {
    criteria = *d.criteria;
  } else if (auto preset = kDefaultCriteria.find(type->name); preset != kDefaultCriteria.end()) {
    criteria = Poco::JSON::Parser().parse(preset->second);
  }
  if (!criteria.isEmpty()) {
    selections_.check(type->name, criteria, "entity_type");
    std::ostringstream json;
    Poco::JSON::Stringifier::stringify(criteria, json);
    r.criteria = json.str();
  }
  r.enabled = d.enabled;
  if (!author.can("send_bulk"))
    throw ApiError(403, "forbidden",
                   "a reminder rule sends as the one who saves it: that needs send_bulk");
  r.author = author.name;
  r.authorId = author.userId;
  return r;
}

std::vector<ReminderRule> ReminderService::list() {
  auto c = pool_.acquire();
  return ReminderRepository::rules(*c);
}

ReminderRule ReminderService::get(std::int64_t id) {
  auto c = pool_.acquire();
  auto r = ReminderRepository::findRule(*c, id);
  if (!r) throw ApiError(404, "not_found", "no reminder rule " + std::to_string(id));
  return *r;
}

ReminderRule ReminderService::create(const ReminderDraft& draft, const Caller& author) {
  auto r = checked(draft, author, 0);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  for (const auto& other : ReminderRepository::rules(*c))
    if (other.name == r.name)
      throw ApiError(409, "name_taken", "a reminder rule named '" + r.name + "' exists", "name");
  r.id = ReminderRepository::insertRule(*c, r, nowMs());
  tx.commit();
  changed();
  return *ReminderRepository::findRule(*c, r.id);
}

ReminderRule ReminderService::update(std::int64_t id, const ReminderDraft& draft,
                                     const Caller& author) {
  auto r = checked(draft, author, id);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  const auto stored = ReminderRepository::findRule(*c, id);
  if (!stored) throw ApiError(404, "not_found", "no reminder rule " + std::to_string(id));
  for (const auto& other : ReminderRepository::rules(*c))
    if (other.name == r.name && other.id != id)
      throw ApiError(409, "name_taken", "a reminder rule named '" + r.name + "' exists", "name");
  ReminderRepository::updateRule(*c, r, nowMs());
  // Rows of another type or time, or a rule switched back on: it starts from now, not from
  // where it stood. An offset taken out forgets its place (put back, it starts afresh too).
  if (stored->entityType != r.entityType || stored->timeField != r.timeField ||
      (!stored->enabled && r.enabled)) {
    ReminderRepository::resetCursors(*c, id);
  } else {
    for (const auto& [offset, at] : ReminderRepository::cursors(*c, id))
      if (std::find(r.offsets.begin(), r.offsets.end(), offset) == r.offsets.end())
        ReminderRepository::dropCursor(*c, id, offset);
  }
  tx.commit();
  changed();
  return *ReminderRepository::findRule(*c, id);
}

void ReminderService::remove(std::int64_t id) {
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  if (!ReminderRepository::removeRule(*c, id))
    throw ApiError(404, "not_found", "no reminder rule " + std::to_string(id));
  tx.commit();
  changed();
}

std::pair<std::int64_t, std::int64_t> ReminderService::dayBounds(const std::string& date,
                                                                 const std::string& zone,
                                                                 const std::string& field) const {
  const auto now = nowMs();
  std::int64_t day = 0;
  if (date.empty()) {
    day = (now + campaigns::utcOffsetMinutes(zone, now) * 60000LL) / kDayMs;
  } else {
    auto parsed = entity::parseDate(date);
    if (!parsed) throw invalid(field + " must be a day such as 2026-12-24", field);
    day = *parsed;
  }
  // The zone's offset at that day's noon: right on every day but those of a clock change.
  const auto noon = day * kDayMs + kDayMs / 2;
  const auto start = day * kDayMs - campaigns::utcOffsetMinutes(zone, noon) * 60000LL;
  return {start, start + kDayMs};
}

ReminderDay ReminderService::day(const std::string& date, const std::string& timeZone) {
  const auto zone = timeZone.empty() ? settings_.defaultTimeZone : timeZone;
  if (!campaigns::knownTimeZone(zone))
    throw invalid("unknown time zone '" + zone + "'", "time_zone");
  const auto [from, to] = dayBounds(date, zone, "date");
  ReminderDay out;
  std::vector<db::Reminder> decided;
  {
    auto c = pool_.acquire();
    decided = ReminderRepository::dueBetween(*c, from, to, kDayItems);
  }
  for (const auto& r : decided)
    out.items.push_back({r.ruleId, r.entityId, r.offset, r.startsAt, r.dueAt,
                         db::reminderStateName(r.state), r.reason, r.group, r.messageId});
  for (const auto& rule : list())
    if (rule.enabled) upcoming(rule, std::max(from, nowMs()), to, out);
  std::stable_sort(out.items.begin(), out.items.end(),
                   [](const auto& a, const auto& b) { return a.dueAt < b.dueAt; });
  for (const auto& item : out.items) ++out.counts[item.group][item.state];
  if (out.items.size() > kDayItems) out.items.resize(kDayItems);
  return out;
}

void ReminderService::upcoming(const ReminderRule& rule, std::int64_t from, std::int64_t to,
                               ReminderDay& day) {
  if (from >= to) return;
  const auto* type = entities_.catalog().find(rule.entityType);
  const auto* time = type ? fieldOf(*type, rule.timeField) : nullptr;
  if (!time) return;
  const auto* group = rule.groupField.empty() ? nullptr : fieldOf(*type, rule.groupField);
  Poco::Dynamic::Var criteria = Poco::JSON::Object::Ptr(new Poco::JSON::Object);
  if (!rule.criteria.empty()) criteria = Poco::JSON::Parser().parse(rule.criteria);
  const auto compiled = selections_.compile(
      rule.entityType, criteria, campaigns::utcOffsetMinutes(rule.timeZone, from), "criteria");
  const auto timeIndex = static_cast<std::size_t>(time - type->fields.data());
  auto c = pool_.acquire();
  const auto cursors = ReminderRepository::cursors(*c, rule.id);
  for (int offset : rule.offsets) {
    const auto before = static_cast<std::int64_t>(offset) * 60000;
    // Not decided yet: after the cursor (or, for a new rule, due from now on).
    db::ReminderCursor at{from + before, -1};
    if (auto cursor = cursors.find(offset);
        cursor != cursors.end() && cursor->second.afterTime > at.afterTime)
      at = cursor->second;
    auto rows = entity::EntityRepository::matchingByTime(*c, *type, compiled.where, compiled.params,
                                                         *time, at.afterTime, at.afterId,
                                                         to + before - 1, kDayItems);
    for (const auto& row : rows) {
      const auto startsAt = db::asInt(row.values[timeIndex]);
      day.items.push_back({rule.id, row.id, offset, startsAt, startsAt - before, "upcoming", "",
                           group ? db::asString(row.values[group - type->fields.data()]) : "", 0});
    }
  }
}

std::map<std::string, std::map<std::string, ReminderTally>> ReminderService::report(
    const std::string& from, const std::string& to, const std::string& timeZone) {
  const auto zone = timeZone.empty() ? settings_.defaultTimeZone : timeZone;
  if (!campaigns::knownTimeZone(zone))
    throw invalid("unknown time zone '" + zone + "'", "time_zone");
  const auto start = dayBounds(from, zone, "from").first;
  const auto end = dayBounds(to.empty() ? from : to, zone, "to").second;
  if (end <= start) throw invalid("to must not be before from", "to");
  if (end - start > kMaxReportDays * kDayMs) throw invalid("a report covers at most 93 days", "to");
  std::map<std::string, std::map<std::string, ReminderTally>> out;
  std::map<std::pair<std::string, std::string>, std::set<std::int64_t>> reminded;
  std::map<std::pair<std::string, std::string>, std::map<std::int64_t, std::string>> statusOf;
  for (const auto& rule : list()) {
    const auto* type = entities_.catalog().find(rule.entityType);
    if (!type) continue;
    const auto* status = fieldOf(*type, kStatusField);
    std::vector<db::ReminderOutcome> outcomes;
    {
      auto c = pool_.acquire();
      outcomes =
          ReminderRepository::outcomes(*c, rule.id, start, end, entity::EntityTables::table(*type),
                                       status ? entity::EntityTables::column(*status) : "");
    }
    for (const auto& o : outcomes) {
      const auto day = entity::formatDate(
          (o.dueAt + campaigns::utcOffsetMinutes(zone, o.dueAt) * 60000LL) / kDayMs);
      auto& t = out[day][o.group];
      switch (o.state) {
        case db::ReminderState::kPending:
          ++t.pending;
          break;
        case db::ReminderState::kSkipped:
          ++t.skipped;
          ++t.skippedBy[o.reason];
          break;
        case db::ReminderState::kSent:
          ++t.sent;
          if (o.messageStatus == "delivered") ++t.delivered;
          if (o.messageStatus == "failed" || o.messageStatus == "rejected" ||
              o.messageStatus == "expired")
            ++t.failed;
          reminded[{day, o.group}].insert(o.entityId);
          statusOf[{day, o.group}][o.entityId] = o.rowStatus;
          break;
      }
    }
  }
  for (const auto& [key, rows] : statusOf) {
    auto& t = out[key.first][key.second];
    t.reminded = static_cast<std::int64_t>(reminded[key].size());
    for (const auto& [id, status] : rows)
      if (!status.empty()) ++t.rowStatus[status];
  }
  return out;
}

}  // namespace pigeon::host
