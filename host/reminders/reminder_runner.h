#pragma once
// Appointment reminders, as the Scheduler runs them. Each enabled rule keeps a cursor per
// offset on its time field (an appointment's starts_at): a pass reads the rows whose reminder
// fell due since (time - offset <= now), in time order, over the time field's index, and
// decides each one: sent now, held until the recipient's quiet hours end (pending) when that
// is still before the time, or skipped with the reason (quiet_hours, started, opted_out,
// no_phone, render_failed...). Decisions, messages and the cursor's move commit together, so a
// crash repeats no reminder and loses none. Rows the rule's criteria exclude when their
// reminder falls due (a cancelled appointment, a client who refuses SMS) get nothing.
//
// No planning table: rows created or moved by the API and by CSV import alike are found when
// their due time comes. A pass returns when the next reminder falls due (the first row after
// each cursor, the first pending one); the host wakes the scheduler when rows change.
//
// A row that arrives through the API after all its due times passed (booked at 08:00 for
// 09:00, with reminders 24 h and 2 h before) gets the latest of them at once, if the time is
// still ahead and none was decided for it. One with a reminder still to come waits for it.

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <Poco/Logger.h>

#include "campaigns/quiet_hours.h"
#include "campaigns/recipient_zones.h"
#include "entities/entity_service.h"
#include "keywords/consent_registry.h"
#include "outbox/dispatcher.h"
#include "outbox/store_writer.h"
#include "repositories/message_repository.h"
#include "repositories/reminder_repository.h"
#include "scheduling/scheduled_work.h"
#include "selections/selection_service.h"
#include "templates/template_service.h"

namespace pigeon::host {

inline constexpr const char* kReminderTag = "reminder";

class ReminderRunner : public ScheduledWork {
public:
  ReminderRunner(db::ConnectionPool& pool, StoreWriter& writer, Dispatcher& dispatcher,
                 const EntityService& entities, SelectionService& selections,
                 TemplateService& templates, const ConsentRegistry& consent,
                 const phone::PhoneNormalizer& phones, LeaseCheck holdsLease, int maxParts);

  const char* name() const override { return "reminders"; }
  std::int64_t pass(std::int64_t now) override;

  // A row changed through the API (any thread): looked at in the next pass for a reminder
  // whose due time passed before it arrived. The caller wakes the scheduler.
  void changed(const std::string& type, std::int64_t id);
  // Rules or rows changed (any thread): the next pass looks again instead of sleeping on.
  void touch() { dirty_ = true; }

  static constexpr int kBatch = 500;
  // Rows another host's API changed wake nothing here: they are seen within this.
  static constexpr std::int64_t kRecheckMs = 5000;

private:
  struct Plan;  // a rule made ready for one pass
  struct Candidate {
    entity::EntityRecord row;
    int offset = 0;
    std::int64_t pendingId = 0;  // deciding a pending reminder again
  };
  struct CursorMove {
    int offset = 0;
    db::ReminderCursor from;
    db::ReminderCursor to;
  };

  std::int64_t run(std::int64_t now);  // the pass itself
  std::optional<Plan> plan(const db::ReminderRule& rule, std::int64_t now);
  // Decides the rows due for one offset; returns when the next one falls due.
  std::int64_t scan(const Plan& plan, int offset, std::optional<db::ReminderCursor> cursor,
                    std::int64_t now);
  void decidePending(const std::vector<Plan>& plans, std::int64_t now);
  void decideLate(const std::vector<Plan>& plans, std::int64_t now);
  // The reminder row `id` missed by arriving after all its due times passed, if any: the
  // latest.
  std::optional<Candidate> lateReminder(const Plan& plan, std::int64_t id, std::int64_t now);
  // Renders, checks and stores reminders for `due`, with the cursor's move if any. False when
  // the lease or the cursor moved under it (nothing stored).
  bool decide(const Plan& plan, std::vector<Candidate> due, std::int64_t now,
              const std::optional<CursorMove>& move);

  db::ConnectionPool& pool_;
  StoreWriter& writer_;
  Dispatcher& dispatcher_;
  const EntityService& entities_;
  SelectionService& selections_;
  TemplateService& templates_;
  const ConsentRegistry& consent_;
  LeaseCheck holdsLease_;
  const int maxParts_;
  campaigns::RecipientZones zones_;
  db::MessageRepository messages_;
  Poco::Logger& logger_;
  std::map<std::int64_t, std::string> held_;  // rule -> why it cannot run (logged once)
  std::atomic<bool> dirty_{true};
  std::int64_t nextDue_ = 0;    // what the last pass found
  std::int64_t recheckAt_ = 0;  // scheduler thread only

  std::mutex lateMutex_;
  std::set<std::pair<std::string, std::int64_t>> late_;  // (type, id), guarded by lateMutex_
};

}  // namespace pigeon::host
