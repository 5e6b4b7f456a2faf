#pragma once
// Reminder rules as the API and the admin change them, checked when saved (type, time field,
// offsets, template, sender, quiet hours, zone, group field, criteria); the day's queue (what
// was decided and what is still to come, per group such as a clinic's branch); and the report
// of what was sent, delivered, skipped, confirmed and cancelled. The ReminderRunner sends.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <Poco/Dynamic/Var.h>

#include "admin/settings_admin.h"
#include "auth/authenticator.h"
#include "db/connection_pool.h"
#include "numbers/number_directory.h"
#include "repositories/reminder_repository.h"
#include "selections/selection_service.h"
#include "templates/template_service.h"

namespace pigeon::host {

struct ReminderDraft {
  std::string name;
  std::string entityType = "appointment";
  std::string timeField = "starts_at";
  std::vector<std::string> offsets;  // "72h", "1d", "30m", or minutes ("120")
  std::string templateRef;           // by id or name
  std::string from;
  std::optional<std::string> quietHours;       // not given: the admin's default; "none": none
  std::string timeZone;                        // empty: the host's default
  std::optional<std::string> groupField;       // not given: "branch" when the type has one
  std::optional<Poco::Dynamic::Var> criteria;  // not given: the type's default (below)
  bool enabled = true;
};

// One line of a day's queue: decided (pending, sent, skipped) or still to come (upcoming).
struct QueuedReminder {
  std::int64_t ruleId = 0;
  std::int64_t entityId = 0;
  int offset = 0;
  std::int64_t startsAt = 0;
  std::int64_t dueAt = 0;
  std::string state;  // upcoming, pending, sent, skipped
  std::string reason;
  std::string group;
  std::int64_t messageId = 0;
};

struct ReminderDay {
  std::vector<QueuedReminder> items;  // by due time, at most kDayItems
  std::map<std::string, std::map<std::string, std::int64_t>> counts;  // group -> state -> n
};

// The report's line for one day and group.
struct ReminderTally {
  std::int64_t sent = 0, delivered = 0, failed = 0, pending = 0, skipped = 0;
  std::map<std::string, std::int64_t> skippedBy;
  std::int64_t reminded = 0;                      // rows (appointments) sent at least one reminder
  std::map<std::string, std::int64_t> rowStatus;  // of those rows now: confirmed, cancelled...
};

struct ReminderSettings {
  std::string defaultTimeZone = "UTC";
};

class ReminderService {
public:
  ReminderService(db::ConnectionPool& pool, const EntityService& entities,
                  SelectionService& selections, TemplateService& templates,
                  const NumberDirectory& numbers, const SettingsAdmin& adminSettings,
                  ReminderSettings settings);

  void onChange(std::function<void()> fn) { onChange_ = std::move(fn); }

  std::vector<db::ReminderRule> list();
  db::ReminderRule get(std::int64_t id);  // ApiError 404
  // ApiError 422 naming the member, 409 for a name in use.
  db::ReminderRule create(const ReminderDraft& draft, const Caller& author);
  db::ReminderRule update(std::int64_t id, const ReminderDraft& draft, const Caller& author);
  void remove(std::int64_t id);

  // The day (`date` "YYYY-MM-DD", empty: today) in `timeZone` (empty: the default).
  ReminderDay day(const std::string& date, const std::string& timeZone);
  // Days from..to (inclusive) -> group -> tally.
  std::map<std::string, std::map<std::string, ReminderTally>> report(const std::string& from,
                                                                     const std::string& to,
                                                                     const std::string& timeZone);

  static std::string formatOffset(int minutes);  // 4320 -> "72h", 90 -> "90m"
  static constexpr int kDayItems = 2000;

private:
  db::ReminderRule checked(const ReminderDraft& d, const Caller& author, std::int64_t id) const;
  // [start, end) of a "YYYY-MM-DD" day in the zone; ApiError 422 naming `field`.
  std::pair<std::int64_t, std::int64_t> dayBounds(const std::string& date, const std::string& zone,
                                                  const std::string& field) const;
  void upcoming(const db::ReminderRule& rule, std::int64_t from, std::int64_t to, ReminderDay& day);
  void changed() const {
    if (onChange_) onChange_();
  }

  db::ConnectionPool& pool_;
  const EntityService& entities_;
  SelectionService& selections_;
  TemplateService& templates_;
  const NumberDirectory& numbers_;
  const SettingsAdmin& adminSettings_;
  ReminderSettings settings_;
  std::function<void()> onChange_;
};

}  // namespace pigeon::host
