#include "reminders/reminder_runner.h"

#include <algorithm>
#include <limits>
#include <map>

#include <Poco/JSON/Parser.h>

#include "api/api_types.h"
#include "campaigns/time_zones.h"
#include "outbox/clock.h"
#include "pigeon/sdk/text/sms_text.h"
#include "templates/batch_renderer.h"

namespace pigeon::host {

namespace {

using db::Reminder;
using db::ReminderCursor;
using db::ReminderRepository;
using db::ReminderState;

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();
// A pass that lost its lease or found its cursor moved by another host comes back this soon.
constexpr std::int64_t kRetryMs = 1000;
constexpr std::int64_t kMinuteMs = 60000;

std::int64_t offsetMs(int minutes) { return static_cast<std::int64_t>(minutes) * kMinuteMs; }

std::optional<std::size_t> indexOf(const entity::EntityType& type, const std::string& name) {
  for (std::size_t i = 0; i < type.fields.size(); ++i)
    if (type.fields[i].name == name) return i;
  return std::nullopt;
}

}  // namespace

struct ReminderRunner::Plan {
  db::ReminderRule rule;
  const entity::EntityType* type = nullptr;
  std::size_t timeIndex = 0;
  std::optional<std::size_t> groupIndex;
  std::optional<std::size_t> zoneIndex;
  selections::CompiledCriteria criteria;
  db::TemplateRecord text;
  campaigns::QuietHours quiet;

  std::int64_t timeOf(const entity::EntityRecord& row) const {
    return db::asInt(row.values[timeIndex]);
  }
  const entity::Field& timeField() const { return type->fields[timeIndex]; }
};

ReminderRunner::ReminderRunner(db::ConnectionPool& pool, StoreWriter& writer,
                               Dispatcher& dispatcher, const EntityService& entities,
                               SelectionService& selections, TemplateService& templates,
                               const ConsentRegistry& consent, const phone::PhoneNormalizer& phones,
                               LeaseCheck holdsLease, int maxParts)
    : pool_(pool),
      writer_(writer),
      dispatcher_(dispatcher),
      entities_(entities),
      selections_(selections),
      templates_(templates),
      consent_(consent),
      holdsLease_(std::move(holdsLease)),
      maxParts_(maxParts),
      zones_(phones),
      logger_(Poco::Logger::get("pigeond.reminders")) {}

void ReminderRunner::changed(const std::string& type, std::int64_t id) {
  {
    std::lock_guard lock(lateMutex_);
    late_.emplace(type, id);
  }
  touch();
}

std::optional<ReminderRunner::Plan> ReminderRunner::plan(const db::ReminderRule& rule,
                                                         std::int64_t now) {
  try {
    Plan p;
    p.rule = rule;
    p.type = &entities_.type(rule.entityType);
    const auto time = indexOf(*p.type, rule.timeField);
    if (!time) throw ApiError(422, "invalid_value", "no field '" + rule.timeField + "'");
    p.timeIndex = *time;
    if (!rule.groupField.empty()) p.groupIndex = indexOf(*p.type, rule.groupField);
    p.zoneIndex = campaigns::RecipientZones::zoneField(*p.type);
    Poco::Dynamic::Var criteria = Poco::JSON::Object::Ptr(new Poco::JSON::Object);
    if (!rule.criteria.empty()) criteria = Poco::JSON::Parser().parse(rule.criteria);
    p.criteria = selections_.compile(rule.entityType, criteria,
                                     campaigns::utcOffsetMinutes(rule.timeZone, now), "criteria");
    p.text = templates_.get(rule.templateId);
    p.quiet = {rule.quietFrom, rule.quietTo};
    held_.erase(rule.id);
    return p;
  } catch (const std::exception& e) {
    // A rule whose template or field is gone says so once, not at every pass.
    auto& said = held_[rule.id];
    if (said != e.what())
      logger_.error("reminder rule '%s' is held: %s", rule.name, std::string(e.what()));
    said = e.what();
    return std::nullopt;
  }
}

std::int64_t ReminderRunner::pass(std::int64_t now) {
  // The scheduler passes for campaigns too (every status flush wakes it): with nothing changed
  // and nothing due, reminders cost no query.
  if (!dirty_.exchange(false) && now < nextDue_ && now < recheckAt_)
    return std::min(nextDue_, recheckAt_);
  try {
    nextDue_ = run(now);
  } catch (...) {
    dirty_ = true;
    throw;
  }
  recheckAt_ = now + kRecheckMs;
  return std::min(nextDue_, recheckAt_);
}

std::int64_t ReminderRunner::run(std::int64_t now) {
  std::vector<db::ReminderRule> rules;
  {
    auto c = pool_.acquire();
    rules = ReminderRepository::rules(*c);
  }
  std::vector<Plan> plans;
  for (const auto& rule : rules)
    if (rule.enabled)
      if (auto p = plan(rule, now)) plans.push_back(std::move(*p));

  std::int64_t next = kNever;
  for (const auto& p : plans) {
    std::map<int, ReminderCursor> cursors;
    {
      auto c = pool_.acquire();
      cursors = ReminderRepository::cursors(*c, p.rule.id);
    }
    for (int offset : p.rule.offsets) {
      auto found = cursors.find(offset);
      next = std::min(
          next, scan(p, offset,
                     found == cursors.end() ? std::nullopt : std::optional(found->second), now));
    }
  }
  decideLate(plans, now);
  decidePending(plans, now);
  auto c = pool_.acquire();
  if (auto pending = ReminderRepository::nextPending(*c)) next = std::min(next, *pending);
  return next;
}

std::int64_t ReminderRunner::scan(const Plan& plan, int offset,
                                  std::optional<ReminderCursor> cursor, std::int64_t now) {
  const auto before = offsetMs(offset);
  if (!cursor) {
    // A new rule or offset reminds of what falls due from now on, not of the past.
    cursor = ReminderCursor{now + before, std::numeric_limits<std::int64_t>::max()};
    const bool stored = writer_.call<bool>([&, this](db::Connection& c) {
      if (!holdsLease_(c)) return false;
      ReminderRepository::setCursor(c, plan.rule.id, offset, *cursor);
      return true;
    });
    if (!stored) return now + kRetryMs;
  }
  auto at = *cursor;
  while (true) {
    std::vector<entity::EntityRecord> rows;
    {
      auto c = pool_.acquire();
      rows = entity::EntityRepository::matchingByTime(
          *c, *plan.type, plan.criteria.where, plan.criteria.params, plan.timeField(), at.afterTime,
          at.afterId, now + before, kBatch);
    }
    if (rows.empty()) break;
    const bool full = static_cast<int>(rows.size()) == kBatch;
    const CursorMove move{offset, at, {plan.timeOf(rows.back()), rows.back().id}};
    std::vector<Candidate> due;
    due.reserve(rows.size());
    for (auto& row : rows) due.push_back({std::move(row), offset, 0});
    if (!decide(plan, std::move(due), now, move)) return now + kRetryMs;
    at = move.to;
    if (!full) break;
  }
  auto c = pool_.acquire();
  const auto upcoming =
      entity::EntityRepository::nextTime(*c, *plan.type, plan.criteria.where, plan.criteria.params,
                                         plan.timeField(), at.afterTime, at.afterId);
  return upcoming ? *upcoming - before : kNever;
}

void ReminderRunner::decideLate(const std::vector<Plan>& plans, std::int64_t now) {
  std::set<std::pair<std::string, std::int64_t>> late;
  {
    std::lock_guard lock(lateMutex_);
    late.swap(late_);
  }
  for (const auto& [type, id] : late) {
    for (const auto& p : plans) {
      if (p.type->name != type) continue;
      if (auto late = lateReminder(p, id, now)) decide(p, {std::move(*late)}, now, std::nullopt);
    }
  }
}

std::optional<ReminderRunner::Candidate> ReminderRunner::lateReminder(const Plan& p,
                                                                      std::int64_t id,
                                                                      std::int64_t now) {
  auto c = pool_.acquire();
  auto params = p.criteria.params;
  params.emplace_back(id);
  auto rows = entity::EntityRepository::matching(*c, *p.type, p.criteria.where + " AND t0.id = ?",
                                                 params, 0, 1);
  if (rows.empty() || db::isNull(rows[0].values[p.timeIndex])) return std::nullopt;
  const auto time = p.timeOf(rows[0]);
  if (time <= now) return std::nullopt;
  const auto cursors = ReminderRepository::cursors(*c, p.rule.id);
  // Every offset's due time has passed, and the scans are past the row already: the row came
  // (or moved here) too late for all of them.
  std::optional<int> latest;
  for (int offset : p.rule.offsets) {
    // A reminder still to come serves: nothing is late.
    if (time - offsetMs(offset) > now) return std::nullopt;
    auto cursor = cursors.find(offset);
    if (cursor == cursors.end()) continue;
    const auto& at = cursor->second;
    if (at.afterTime < time || (at.afterTime == time && at.afterId < id)) continue;
    // One was decided for this time: the row was known in time, and nothing is late.
    if (ReminderRepository::find(*c, p.rule.id, id, offset, time)) return std::nullopt;
    if (!latest || offset < *latest) latest = offset;
  }
  if (!latest) return std::nullopt;
  return Candidate{std::move(rows[0]), *latest, 0};
}

void ReminderRunner::decidePending(const std::vector<Plan>& plans, std::int64_t now) {
  std::map<std::int64_t, const Plan*> byRule;
  for (const auto& p : plans) byRule[p.rule.id] = &p;
  while (true) {
    std::vector<Reminder> due;
    {
      auto c = pool_.acquire();
      due = ReminderRepository::duePending(*c, now, kBatch);
    }
    if (due.empty()) return;
    std::map<std::int64_t, std::vector<Reminder>> perRule;
    for (auto& r : due) perRule[r.ruleId].push_back(std::move(r));
    for (auto& [ruleId, reminders] : perRule) {
      auto plan = byRule.find(ruleId);
      std::vector<Candidate> candidates;
      std::vector<std::int64_t> gone;
      if (plan != byRule.end()) {
        const auto& p = *plan->second;
        auto params = p.criteria.params;
        std::string ids;
        for (const auto& r : reminders) {
          ids += ids.empty() ? "?" : ", ?";
          params.emplace_back(r.entityId);
        }
        std::vector<entity::EntityRecord> rows;
        {
          auto c = pool_.acquire();
          rows = entity::EntityRepository::matching(
              *c, *p.type, p.criteria.where + " AND t0.id IN (" + ids + ")", params, 0,
              static_cast<int>(reminders.size()));
        }
        std::map<std::int64_t, entity::EntityRecord*> found;
        for (auto& row : rows) found[row.id] = &row;
        for (const auto& r : reminders) {
          auto row = found.find(r.entityId);
          if (row == found.end() || p.timeOf(*row->second) != r.startsAt)
            gone.push_back(r.id);
          else
            candidates.push_back({*row->second, r.offset, r.id});
        }
        if (!candidates.empty() && !decide(p, std::move(candidates), now, std::nullopt)) return;
      } else {
        for (const auto& r : reminders) gone.push_back(r.id);
      }
      // The row no longer meets the rule or moved ("changed"), or the rule is off or held.
      const auto why = plan == byRule.end() ? "rule_off" : "changed";
      const bool settled = writer_.call<bool>([&, this](db::Connection& c) {
        if (!holdsLease_(c)) return false;
        for (auto id : gone)
          ReminderRepository::settle(c, id, ReminderState::kSkipped, why, 0, now);
        return true;
      });
      if (!settled) return;
    }
  }
}

bool ReminderRunner::decide(const Plan& plan, std::vector<Candidate> due, std::int64_t now,
                            const std::optional<CursorMove>& move) {
  const BatchRenderer renderer(entities_.catalog(), *plan.type, plan.text);
  std::vector<entity::EntityRecord> rows;
  rows.reserve(due.size());
  for (const auto& d : due) rows.push_back(d.row);
  std::vector<RenderedRow> rendered;
  {
    auto c = pool_.acquire();
    rendered = renderer.render(*c, std::move(rows));
  }

  struct Decided {
    Reminder reminder;
    std::optional<db::NewMessage> message;
    std::int64_t pendingId = 0;
  };
  std::vector<Decided> decided;
  decided.reserve(due.size());
  for (std::size_t i = 0; i < due.size(); ++i) {
    const auto& d = due[i];
    auto& r = rendered[i];
    Decided out;
    out.pendingId = d.pendingId;
    auto& x = out.reminder;
    x.ruleId = plan.rule.id;
    x.entityId = d.row.id;
    x.offset = d.offset;
    x.startsAt = plan.timeOf(d.row);
    x.dueAt = x.startsAt - offsetMs(d.offset);
    if (plan.groupIndex) x.group = db::asString(d.row.values[*plan.groupIndex]);
    std::string problem;
    if (x.startsAt <= now) problem = "started";
    if (problem.empty()) problem = r.problem.empty() ? textProblem(r.text, maxParts_) : r.problem;
    if (problem.empty() && consent_.optedOut(r.to)) problem = "opted_out";
    if (problem.empty() && plan.quiet.any()) {
      const auto own = plan.zoneIndex ? db::asString(d.row.values[*plan.zoneIndex]) : "";
      const auto zone = zones_.zoneFor(own, r.to, plan.rule.timeZone);
      const auto minute = campaigns::minuteOfDay(now, campaigns::utcOffsetMinutes(zone, now));
      if (const auto left = plan.quiet.minutesLeft(minute)) {
        const auto end = (now / kMinuteMs + left) * kMinuteMs;
        if (end < x.startsAt && !d.pendingId) {
          x.state = ReminderState::kPending;
          x.dueAt = end;
          decided.push_back(std::move(out));
          continue;
        }
        problem = "quiet_hours";
      }
    }
    if (!problem.empty()) {
      x.state = ReminderState::kSkipped;
      x.reason = problem;
    } else {
      x.state = ReminderState::kSent;
      db::NewMessage m;
      m.userId = plan.rule.authorId;
      m.to = std::move(r.to);
      m.from = plan.rule.from;
      m.requestedProvider = plan.rule.fromInstance;
      m.body = std::move(r.text);
      const auto analysis = sdk::text::analyzeText(m.body);
      m.encoding = sdk::text::encodingName(analysis.encoding);
      m.parts = analysis.parts;
      m.priority = db::Priority::kHigh;  // due at a moment, unlike a campaign's bulk
      m.tag = kReminderTag;
      out.message = std::move(m);
    }
    decided.push_back(std::move(out));
  }

  const auto sent = writer_.call<std::int64_t>([&, this](db::Connection& c) -> std::int64_t {
    if (!holdsLease_(c)) return -1;
    if (move) {
      const auto cursors = ReminderRepository::cursors(c, plan.rule.id);
      const auto at = cursors.find(move->offset);
      if (at == cursors.end() || at->second.afterTime != move->from.afterTime ||
          at->second.afterId != move->from.afterId)
        return -1;  // another pass or host decided these rows already
    }
    std::vector<db::NewMessage> messages;
    std::vector<const Reminder*> texted;
    for (const auto& d : decided) {
      const bool fresh = d.pendingId ? ReminderRepository::settle(c, d.pendingId, d.reminder.state,
                                                                  d.reminder.reason, 0, now)
                                     : ReminderRepository::record(c, d.reminder, now);
      if (!fresh || !d.message) continue;
      messages.push_back(*d.message);
      texted.push_back(&d.reminder);
    }
    const auto outcomes = messages_.insert(c, messages, now, nullptr);
    for (std::size_t i = 0; i < outcomes.size(); ++i)
      ReminderRepository::setMessage(c, *texted[i], outcomes[i].id);
    if (move) ReminderRepository::setCursor(c, plan.rule.id, move->offset, move->to);
    return static_cast<std::int64_t>(messages.size());
  });
  if (sent > 0) dispatcher_.wake();
  return sent >= 0;
}

}  // namespace pigeon::host
