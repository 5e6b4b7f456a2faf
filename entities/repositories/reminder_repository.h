#pragma once
// Reminder rules (which rows to remind, when, with what), the cursor each rule keeps per
// offset, and the reminders decided: sent (with the message), skipped (with why), or pending
// until the quiet hours end.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"

namespace pigeon::db {

struct ReminderRule {
  std::int64_t id = 0;
  std::string name;
  std::string entityType;
  std::string timeField;
  std::vector<int> offsets;  // minutes before the time, largest first
  std::int64_t templateId = 0;
  std::string from;
  std::string fromInstance;
  int quietFrom = -1;  // minutes of the day; -1: no quiet hours
  int quietTo = -1;
  std::string timeZone;    // for numbers whose country is not known
  std::string groupField;  // the field reports group by; may be empty
  std::string criteria;    // selection criteria as JSON; empty: every row
  bool enabled = true;
  std::string author;
  std::int64_t authorId = 0;
  std::int64_t createdAt = 0;
  std::int64_t updatedAt = 0;
};

// Every row up to (afterTime, afterId), in (time, id) order, has been decided.
struct ReminderCursor {
  std::int64_t afterTime = 0;
  std::int64_t afterId = 0;
};

enum class ReminderState { kPending = 0, kSent = 1, kSkipped = 2 };
const char* reminderStateName(ReminderState state);

struct Reminder {
  std::int64_t id = 0;
  std::int64_t ruleId = 0;
  std::int64_t entityId = 0;
  int offset = 0;  // minutes
  std::int64_t startsAt = 0;
  std::int64_t dueAt = 0;
  ReminderState state = ReminderState::kPending;
  std::string reason;  // skipped: why
  std::string group;   // the row's group field value
  std::int64_t messageId = 0;
  std::int64_t updatedAt = 0;
};

// A reminder as the report counts it: with its message's status and its row's status field.
struct ReminderOutcome {
  std::int64_t entityId = 0;
  std::int64_t dueAt = 0;
  ReminderState state = ReminderState::kPending;
  std::string reason;
  std::string group;
  std::string messageStatus;  // empty: no message
  std::string rowStatus;      // empty: the row is gone, or its type has no such field
};

class ReminderRepository {
public:
  static std::vector<ReminderRule> rules(Connection& c);
  static std::optional<ReminderRule> findRule(Connection& c, std::int64_t id);
  static std::int64_t insertRule(Connection& c, const ReminderRule& r, std::int64_t now);
  static bool updateRule(Connection& c, const ReminderRule& r, std::int64_t now);
  // Deletes the rule, its cursors and its pending reminders; what was sent stays on record.
  static bool removeRule(Connection& c, std::int64_t id);

  // By offset.
  static std::map<int, ReminderCursor> cursors(Connection& c, std::int64_t ruleId);
  static void setCursor(Connection& c, std::int64_t ruleId, int offset, const ReminderCursor& at);
  // Forgets where the rule stands (its type, time field or enabling changed): it starts again
  // from the moment of its next pass.
  static void resetCursors(Connection& c, std::int64_t ruleId);
  static void dropCursor(Connection& c, std::int64_t ruleId, int offset);

  // Stores a decided reminder unless one with its rule, row, offset and time exists; whether
  // it stored it.
  static bool record(Connection& c, const Reminder& r, std::int64_t now);
  static void setMessage(Connection& c, const Reminder& r, std::int64_t messageId);
  // A pending reminder decided now; false when it was not pending any more.
  static bool settle(Connection& c, std::int64_t id, ReminderState to, const std::string& reason,
                     std::int64_t messageId, std::int64_t now);
  static std::vector<Reminder> duePending(Connection& c, std::int64_t now, int limit);
  static std::optional<std::int64_t> nextPending(Connection& c);
  // Reminders of every rule due in [from, to), by due time.
  static std::vector<Reminder> dueBetween(Connection& c, std::int64_t from, std::int64_t to,
                                          int limit);
  // One rule's reminders due in [from, to). `rowTable` and `statusColumn` (quoted; may be
  // empty) come from the catalog, never from a request.
  static std::vector<ReminderOutcome> outcomes(Connection& c, std::int64_t ruleId,
                                               std::int64_t from, std::int64_t to,
                                               const std::string& rowTable,
                                               const std::string& statusColumn);
  static std::optional<Reminder> find(Connection& c, std::int64_t ruleId, std::int64_t entityId,
                                      int offset, std::int64_t startsAt);
};

}  // namespace pigeon::db
