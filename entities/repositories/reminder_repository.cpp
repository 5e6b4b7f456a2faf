#include "repositories/reminder_repository.h"

#include <algorithm>
#include <array>

#include "db/comma_list.h"

namespace pigeon::db {

namespace {

constexpr std::array<const char*, 3> kStateNames{"pending", "sent", "skipped"};

constexpr const char* kSelectRule =
    "SELECT id, name, entity_type, time_field, offsets, template_id, from_number, from_instance,"
    " quiet_from, quiet_to, time_zone, group_field, criteria, enabled, created_by, created_by_id,"
    " created_at, updated_at FROM reminder_rules";

constexpr const char* kSelectReminder =
    "SELECT id, rule_id, entity_id, offset_min, starts_at, due_at, state, reason, group_value,"
    " message_id, updated_at FROM reminders";

std::vector<int> readOffsets(const std::string& text) {
  std::vector<int> out;
  for (const auto& item : splitCommaList(text)) out.push_back(std::stoi(item));
  return out;
}

std::string writeOffsets(const std::vector<int>& offsets) {
  std::vector<std::string> items;
  for (int o : offsets) items.push_back(std::to_string(o));
  return joinCommaList(items);
}

ReminderRule readRule(const std::vector<Value>& r) {
  ReminderRule x;
  x.id = asInt(r[0]);
  x.name = asString(r[1]);
  x.entityType = asString(r[2]);
  x.timeField = asString(r[3]);
  x.offsets = readOffsets(asString(r[4]));
  x.templateId = asInt(r[5]);
  x.from = asString(r[6]);
  x.fromInstance = asString(r[7]);
  x.quietFrom = static_cast<int>(asInt(r[8], -1));
  x.quietTo = static_cast<int>(asInt(r[9], -1));
  x.timeZone = asString(r[10]);
  x.groupField = asString(r[11]);
  x.criteria = asString(r[12]);
  x.enabled = asInt(r[13]) != 0;
  x.author = asString(r[14]);
  x.authorId = asInt(r[15]);
  x.createdAt = asInt(r[16]);
  x.updatedAt = asInt(r[17]);
  return x;
}

Reminder readReminder(const std::vector<Value>& r) {
  Reminder x;
  x.id = asInt(r[0]);
  x.ruleId = asInt(r[1]);
  x.entityId = asInt(r[2]);
  x.offset = static_cast<int>(asInt(r[3]));
  x.startsAt = asInt(r[4]);
  x.dueAt = asInt(r[5]);
  x.state = static_cast<ReminderState>(asInt(r[6]));
  x.reason = asString(r[7]);
  x.group = asString(r[8]);
  x.messageId = asInt(r[9]);
  x.updatedAt = asInt(r[10]);
  return x;
}

Params ruleParams(const ReminderRule& r) {
  return {r.name,
          r.entityType,
          r.timeField,
          writeOffsets(r.offsets),
          r.templateId,
          textOrNull(r.from),
          textOrNull(r.fromInstance),
          intOrNull(r.quietFrom, -1),
          intOrNull(r.quietTo, -1),
          r.timeZone,
          textOrNull(r.groupField),
          textOrNull(r.criteria),
          std::int64_t{r.enabled}};
}

}  // namespace

const char* reminderStateName(ReminderState state) {
  return kStateNames.at(static_cast<std::size_t>(state));
}

std::vector<ReminderRule> ReminderRepository::rules(Connection& c) {
  std::vector<ReminderRule> out;
  for (const auto& r : c.query(std::string(kSelectRule) + " ORDER BY id").rows)
    out.push_back(readRule(r));
  return out;
}

std::optional<ReminderRule> ReminderRepository::findRule(Connection& c, std::int64_t id) {
  auto rows = c.query(std::string(kSelectRule) + " WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return readRule(rows.rows[0]);
}

std::int64_t ReminderRepository::insertRule(Connection& c, const ReminderRule& r,
                                            std::int64_t now) {
  auto p = ruleParams(r);
  p.insert(p.end(), {textOrNull(r.author), r.authorId, now, now});
  return c.insert(
      "INSERT INTO reminder_rules (name, entity_type, time_field, offsets, template_id,"
      " from_number, from_instance, quiet_from, quiet_to, time_zone, group_field, criteria,"
      " enabled, created_by, created_by_id, created_at, updated_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      p);
}

bool ReminderRepository::updateRule(Connection& c, const ReminderRule& r, std::int64_t now) {
  auto p = ruleParams(r);
  p.insert(p.end(), {now, r.id});
  return c.execute(
             "UPDATE reminder_rules SET name = ?, entity_type = ?, time_field = ?, offsets = ?,"
             " template_id = ?, from_number = ?, from_instance = ?, quiet_from = ?, quiet_to = ?,"
             " time_zone = ?, group_field = ?, criteria = ?, enabled = ?, updated_at = ?"
             " WHERE id = ?",
             p) > 0;
}

bool ReminderRepository::removeRule(Connection& c, std::int64_t id) {
  resetCursors(c, id);
  c.execute("DELETE FROM reminders WHERE rule_id = ? AND state = 0", {id});
  return c.execute("DELETE FROM reminder_rules WHERE id = ?", {id}) > 0;
}

std::map<int, ReminderCursor> ReminderRepository::cursors(Connection& c, std::int64_t ruleId) {
  std::map<int, ReminderCursor> out;
  auto rows = c.query(
      "SELECT offset_min, after_time, after_id FROM reminder_cursors WHERE rule_id = ?", {ruleId});
  for (const auto& r : rows.rows) out[static_cast<int>(asInt(r[0]))] = {asInt(r[1]), asInt(r[2])};
  return out;
}

void ReminderRepository::setCursor(Connection& c, std::int64_t ruleId, int offset,
                                   const ReminderCursor& at) {
  if (c.execute("UPDATE reminder_cursors SET after_time = ?, after_id = ?"
                " WHERE rule_id = ? AND offset_min = ?",
                {at.afterTime, at.afterId, ruleId, std::int64_t{offset}}) > 0)
    return;
  c.execute(
      "INSERT INTO reminder_cursors (rule_id, offset_min, after_time, after_id)"
      " VALUES (?, ?, ?, ?)",
      {ruleId, std::int64_t{offset}, at.afterTime, at.afterId});
}

void ReminderRepository::resetCursors(Connection& c, std::int64_t ruleId) {
  c.execute("DELETE FROM reminder_cursors WHERE rule_id = ?", {ruleId});
}

void ReminderRepository::dropCursor(Connection& c, std::int64_t ruleId, int offset) {
  c.execute("DELETE FROM reminder_cursors WHERE rule_id = ? AND offset_min = ?",
            {ruleId, std::int64_t{offset}});
}

bool ReminderRepository::record(Connection& c, const Reminder& r, std::int64_t now) {
  return c.execute(std::string(c.dialect().insertIgnore()) +
                       " INTO reminders (rule_id, entity_id, offset_min, starts_at, due_at, state,"
                       " reason, group_value, message_id, created_at, updated_at)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   {r.ruleId, r.entityId, std::int64_t{r.offset}, r.startsAt, r.dueAt,
                    static_cast<std::int64_t>(r.state), textOrNull(r.reason), textOrNull(r.group),
                    intOrNull(r.messageId), now, now}) > 0;
}

void ReminderRepository::setMessage(Connection& c, const Reminder& r, std::int64_t messageId) {
  c.execute(
      "UPDATE reminders SET message_id = ? WHERE rule_id = ? AND entity_id = ? AND offset_min = ?"
      " AND starts_at = ?",
      {messageId, r.ruleId, r.entityId, std::int64_t{r.offset}, r.startsAt});
}

bool ReminderRepository::settle(Connection& c, std::int64_t id, ReminderState to,
                                const std::string& reason, std::int64_t messageId,
                                std::int64_t now) {
  return c.execute(
             "UPDATE reminders SET state = ?, reason = ?, message_id = ?, updated_at = ?"
             " WHERE id = ? AND state = 0",
             {static_cast<std::int64_t>(to), textOrNull(reason), intOrNull(messageId), now, id}) >
         0;
}

std::vector<Reminder> ReminderRepository::duePending(Connection& c, std::int64_t now, int limit) {
  std::vector<Reminder> out;
  auto rows = c.query(
      std::string(kSelectReminder) + " WHERE state = 0 AND due_at <= ? ORDER BY due_at LIMIT ?",
      {now, std::int64_t{limit}});
  for (const auto& r : rows.rows) out.push_back(readReminder(r));
  return out;
}

std::optional<std::int64_t> ReminderRepository::nextPending(Connection& c) {
  auto rows = c.query("SELECT MIN(due_at) FROM reminders WHERE state = 0");
  if (rows.empty() || isNull(rows.rows[0][0])) return std::nullopt;
  return asInt(rows.rows[0][0]);
}

std::vector<Reminder> ReminderRepository::dueBetween(Connection& c, std::int64_t from,
                                                     std::int64_t to, int limit) {
  std::vector<Reminder> out;
  auto rows = c.query(std::string(kSelectReminder) +
                          " WHERE due_at >= ? AND due_at < ? ORDER BY due_at, id LIMIT ?",
                      {from, to, std::int64_t{limit}});
  for (const auto& r : rows.rows) out.push_back(readReminder(r));
  return out;
}

std::optional<Reminder> ReminderRepository::find(Connection& c, std::int64_t ruleId,
                                                 std::int64_t entityId, int offset,
                                                 std::int64_t startsAt) {
  auto rows = c.query(std::string(kSelectReminder) +
                          " WHERE rule_id = ? AND entity_id = ? AND offset_min = ?"
                          " AND starts_at = ?",
                      {ruleId, entityId, std::int64_t{offset}, startsAt});
  if (rows.empty()) return std::nullopt;
  return readReminder(rows.rows[0]);
}

std::vector<ReminderOutcome> ReminderRepository::outcomes(Connection& c, std::int64_t ruleId,
                                                          std::int64_t from, std::int64_t to,
                                                          const std::string& rowTable,
                                                          const std::string& statusColumn) {
  const auto rowStatus = statusColumn.empty() ? std::string("NULL") : "e." + statusColumn;
  auto rows = c.query("SELECT r.entity_id, r.due_at, r.state, r.reason, r.group_value, m.status, " +
                          rowStatus +
                          " FROM reminders r LEFT JOIN messages m ON m.id = r.message_id"
                          " LEFT JOIN " +
                          rowTable +
                          " e ON e.id = r.entity_id"
                          " WHERE r.rule_id = ? AND r.due_at >= ? AND r.due_at < ?",
                      {ruleId, from, to});
  std::vector<ReminderOutcome> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows)
    out.push_back({asInt(r[0]), asInt(r[1]), static_cast<ReminderState>(asInt(r[2])),
                   asString(r[3]), asString(r[4]), asString(r[5]), asString(r[6])});
  return out;
}

}  // namespace pigeon::db
