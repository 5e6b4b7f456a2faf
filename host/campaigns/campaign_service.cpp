#include "campaigns/campaign_service.h"

#include <algorithm>

#include "api/json_util.h"
#include "campaigns/quiet_hours.h"
#include "campaigns/time_zones.h"
#include "outbox/clock.h"
#include "pigeon/sdk/text/sms_text.h"
#include "templates/batch_renderer.h"

namespace pigeon::host {

namespace {

using db::CampaignRecord;
using db::CampaignRepository;
using db::CampaignState;

constexpr std::size_t kMaxName = 64;
constexpr std::size_t kMaxFrom = 20;
constexpr int kMaxRate = 100000;
// A start time this far behind the clock is a mistake, not "now" given a little late.
constexpr std::int64_t kPastSlackMs = 60000;

ApiError invalid(const std::string& message, const std::string& field) {
  return ApiError(422, "invalid_value", message, field);
}

ApiError noCampaign(std::int64_t id) {
  return ApiError(404, "not_found", "no campaign " + std::to_string(id));
}

ApiError wrongState(const CampaignRecord& r, const std::string& action) {
  return ApiError(409, "invalid_state",
                  "campaign '" + r.name + "' is " + db::campaignStateName(r.state) +
                      ": it cannot be " + action);
}

bool printable(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= 0x20 && c != 0x7f; });
}

db::SelectionRecord findSelection(SelectionService& selections, const std::string& reference) {
  if (reference.empty())
    throw ApiError(422, "missing_field", "field 'selection' is required", "selection");
  if (auto id = parseId(reference)) {
    try {
      return selections.get(*id);
    } catch (const ApiError&) {
    }
  }
  for (auto& s : selections.list())
    if (s.name == reference) return s;
  throw ApiError(422, "unknown_selection", "no selection '" + reference + "'", "selection");
}

}  // namespace

CampaignService::CampaignService(db::ConnectionPool& pool, const EntityService& entities,
                                 SelectionService& selections, TemplateService& templates,
                                 const NumberDirectory& numbers, const SettingsAdmin& adminSettings,
                                 CampaignSettings settings)
    : pool_(pool),
      entities_(entities),
      selections_(selections),
      templates_(templates),
      numbers_(numbers),
      adminSettings_(adminSettings),
      settings_(std::move(settings)) {}

void CampaignService::changed() const {
  if (onChange_) onChange_();
}

CampaignRecord CampaignService::checked(const CampaignDraft& d, const Caller& author,
                                        std::int64_t id) const {
  CampaignRecord r;
  r.id = id;
  if (d.name.empty() || d.name.size() > kMaxName || !printable(d.name))
    throw invalid("name must be 1 to 64 printable characters", "name");
  r.name = d.name;
  const auto selection = findSelection(selections_, d.selection);
  r.selectionId = selection.id;
  r.entityType = selection.entityType;
  const auto& type = entities_.type(r.entityType);
  if (type.phoneField.empty() && !recipientReference(entities_.catalog(), type))
    throw invalid("selection '" + selection.name + "' selects " + type.name +
                      " rows, which have no phone field nor a reference to a row with one",
                  "selection");
  if (d.templateRef.empty() == d.text.empty())
    throw invalid("give either a template or a text", d.templateRef.empty() ? "text" : "template");
  if (!d.templateRef.empty()) {
    const auto t = templates_.byReference(d.templateRef, "template");
    if (t.entityType != r.entityType)
      throw invalid("template '" + t.name + "' is written for " + t.entityType +
                        ", but selection '" + selection.name + "' selects " + r.entityType,
                    "template");
    r.templateId = t.id;
  } else {
    const auto analysis = sdk::text::analyzeText(d.text);
    if (!analysis.validUtf8) throw invalid("text is not valid UTF-8", "text");
    if (analysis.parts > settings_.maxParts)
      throw invalid("text is " + std::to_string(analysis.parts) + " parts; at most " +
                        std::to_string(settings_.maxParts) + " are allowed",
                    "text");
    r.body = d.text;
  }
  if (d.from.size() > kMaxFrom) throw invalid("from is longer than 20 characters", "from");
  const auto sender = numbers_.senderFor(author, d.from, "from");
  r.from = sender.from;
  r.fromInstance = sender.instance;
  const auto now = nowMs();
  r.startsAt = d.startsAt.value_or(0);
  if (d.startsAt && *d.startsAt < now - kPastSlackMs)
    throw invalid("starts_at " + isoTime(*d.startsAt) + " is in the past", "starts_at");
  r.endsAt = d.endsAt.value_or(0);
  if (d.endsAt && *d.endsAt <= std::max(now, r.startsAt))
    throw invalid("ends_at must be after " + std::string(d.startsAt ? "starts_at" : "now"),
                  "ends_at");
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
  if (d.ratePerSecond < 0 || d.ratePerSecond > kMaxRate)
    throw invalid("rate must be from 0 (the provider's pace) to 100 000 messages a second", "rate");
  r.ratePerSecond = d.ratePerSecond;
  r.priority = d.priority;
  if (!author.can("send_bulk"))
    throw ApiError(403, "forbidden",
                   "a campaign sends as the one who saves it: that needs send_bulk");
  r.author = author.name;
  r.authorId = author.userId;
  return r;
}

std::vector<CampaignRecord> CampaignService::list() {
  auto c = pool_.acquire();
  return CampaignRepository::all(*c);
}

CampaignRecord CampaignService::get(std::int64_t id) {
  auto c = pool_.acquire();
  auto r = CampaignRepository::find(*c, id);
  if (!r) throw noCampaign(id);
  return *r;
}

CampaignRecord CampaignService::create(const CampaignDraft& draft, const Caller& author) {
  std::lock_guard change(changeMutex_);
  auto r = checked(draft, author, 0);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  if (CampaignRepository::idByName(*c, r.name))
    throw ApiError(409, "name_taken", "a campaign named '" + r.name + "' exists", "name");
  r.id = CampaignRepository::insert(*c, r, nowMs());
  tx.commit();
  return *CampaignRepository::find(*c, r.id);
}

CampaignRecord CampaignService::update(std::int64_t id, const CampaignDraft& draft,
                                       const Caller& author) {
  std::lock_guard change(changeMutex_);
  auto r = checked(draft, author, id);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  const auto stored = CampaignRepository::findForUpdate(*c, id);
  if (!stored) throw noCampaign(id);
  if (stored->state != CampaignState::kDraft && stored->state != CampaignState::kScheduled)
    throw wrongState(*stored, "changed");
  if (auto other = CampaignRepository::idByName(*c, r.name); other && *other != id)
    throw ApiError(409, "name_taken", "a campaign named '" + r.name + "' exists", "name");
  CampaignRepository::updateDefinition(*c, r, nowMs());
  CampaignRepository::setState(*c, id, {CampaignState::kScheduled}, CampaignState::kDraft, nowMs());
  tx.commit();
  changed();
  return *CampaignRepository::find(*c, id);
}

void CampaignService::remove(std::int64_t id) {
  std::lock_guard change(changeMutex_);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  const auto stored = CampaignRepository::findForUpdate(*c, id);
  if (!stored) throw noCampaign(id);
  if (stored->state == CampaignState::kRunning || stored->state == CampaignState::kPaused)
    throw wrongState(*stored, "deleted (cancel it first)");
  CampaignRepository::remove(*c, id);
  tx.commit();
  changed();
}

CampaignRecord CampaignService::start(std::int64_t id) {
  std::lock_guard change(changeMutex_);
  const auto r = get(id);
  if (r.state != CampaignState::kDraft) throw wrongState(r, "started");
  const auto now = nowMs();
  if (r.startsAt && r.startsAt < now - kPastSlackMs)
    throw invalid("starts_at " + isoTime(r.startsAt) +
                      " has passed; change it, or leave it out to"
                      " start now",
                  "starts_at");
  if (r.endsAt && r.endsAt <= now)
    throw invalid("ends_at " + isoTime(r.endsAt) + " has passed", "ends_at");
  const auto selection = selections_.get(r.selectionId);
  if (selections_.count(selection).count == 0)
    throw invalid("selection '" + selection.name + "' selects nobody", "selection");
  if (r.templateId) templates_.byReference(std::to_string(r.templateId), "template");
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  if (!CampaignRepository::setState(*c, id, {CampaignState::kDraft}, CampaignState::kScheduled,
                                    now))
    throw wrongState(*CampaignRepository::find(*c, id), "started");
  tx.commit();
  // Read before the runner is woken: the answer is the campaign as this call left it, not as
  // the runner may have moved it on (running) a moment later.
  auto started = *CampaignRepository::find(*c, id);
  changed();
  return started;
}

CampaignRecord CampaignService::pause(std::int64_t id) {
  std::lock_guard change(changeMutex_);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  auto r = CampaignRepository::findForUpdate(*c, id);
  if (!r) throw noCampaign(id);
  if (r->state != CampaignState::kRunning && r->state != CampaignState::kScheduled)
    throw wrongState(*r, "paused");
  const auto now = nowMs();
  CampaignRepository::setState(*c, id, {r->state}, CampaignState::kPaused, now);
  r->queued -= CampaignRepository::withdrawQueued(*c, id);
  CampaignRepository::saveProgress(*c, *r, now);
  tx.commit();
  changed();
  return *CampaignRepository::find(*c, id);
}

CampaignRecord CampaignService::resume(std::int64_t id) {
  std::lock_guard change(changeMutex_);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  auto r = CampaignRepository::findForUpdate(*c, id);
  if (!r) throw noCampaign(id);
  if (r->state != CampaignState::kPaused) throw wrongState(*r, "resumed");
  if (r->endsAt && r->endsAt <= nowMs())
    throw invalid("ends_at " + isoTime(r->endsAt) + " has passed; cancel it instead", "ends_at");
  CampaignRepository::setState(*c, id, {CampaignState::kPaused},
                               r->startedAt ? CampaignState::kRunning : CampaignState::kScheduled,
                               nowMs());
  tx.commit();
  auto resumed = *CampaignRepository::find(*c, id);  // before the runner moves it on
  changed();
  return resumed;
}

CampaignRecord CampaignService::cancel(std::int64_t id) {
  std::lock_guard change(changeMutex_);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  auto r = CampaignRepository::findForUpdate(*c, id);
  if (!r) throw noCampaign(id);
  if (r->state == CampaignState::kCompleted || r->state == CampaignState::kCancelled)
    throw wrongState(*r, "cancelled");
  const auto now = nowMs();
  r->queued -= CampaignRepository::withdrawQueued(*c, id);
  if (const auto left = CampaignRepository::skipWaiting(*c, id, "cancelled"))
    r->skipped["cancelled"] += left;
  CampaignRepository::saveProgress(*c, *r, now);
  CampaignRepository::finish(*c, id, CampaignState::kCancelled, now);
  tx.commit();
  changed();
  return *CampaignRepository::find(*c, id);
}

CampaignProgress CampaignService::progress(const CampaignRecord& r) {
  const auto now = nowMs();
  Counted counted;
  bool fresh = false;
  {
    std::lock_guard lock(progressMutex_);
    if (auto it = counted_.find(r.id); it != counted_.end()) {
      counted = it->second;
      fresh = now - counted.at < kProgressMs && counted.state == r.state;
    }
  }
  if (!fresh) {
    Counted next;
    {
      auto c = pool_.acquire();
      next.messages = CampaignRepository::messageCounts(*c, r.id);
      next.replied = CampaignRepository::replied(*c, r);
      next.optedOut = CampaignRepository::optedOutSince(*c, r);
    }
    next.at = now;
    next.state = r.state;
    next.handed = r.queued;
    if (counted.at && now > counted.at && r.state == db::CampaignState::kRunning)
      next.ratePerSecond = static_cast<double>(r.queued - counted.handed) * 1000.0 /
                           static_cast<double>(now - counted.at);
    counted = next;
    std::lock_guard lock(progressMutex_);
    counted_[r.id] = counted;
  }

  CampaignProgress p;
  p.recipients = r.recipients;
  p.skippedBy = r.skipped;
  p.skipped = r.skippedTotal();
  p.waiting = std::max<std::int64_t>(0, r.waiting());
  using S = db::MessageStatus;
  auto& m = counted.messages;
  p.queued = m[S::kQueued] + m[S::kSending];
  p.delivered = m[S::kDelivered];
  p.sent = m[S::kSubmitted] + p.delivered + m[S::kExpired];
  p.failed = m[S::kFailed] + m[S::kRejected];
  p.replied = counted.replied;
  p.optedOut = counted.optedOut;
  p.ratePerSecond = counted.ratePerSecond;
  if (r.state == db::CampaignState::kRunning) {
    const double rate = p.ratePerSecond > 0 ? p.ratePerSecond : r.ratePerSecond;
    if (rate > 0)
      p.estimatedEnd =
          now + static_cast<std::int64_t>(static_cast<double>(p.waiting + p.queued) * 1000 / rate);
  }
  return p;
}

}  // namespace pigeon::host
