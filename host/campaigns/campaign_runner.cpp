#include "campaigns/campaign_runner.h"

#include <algorithm>
#include <limits>

#include "api/api_types.h"
#include "outbox/clock.h"

namespace pigeon::host {

namespace {

using db::CampaignRecord;
using db::CampaignRepository;
using db::CampaignState;

// A campaign with every recipient handed over waits for its last messages to reach a
// provider; it looks again this often.
constexpr std::int64_t kDrainCheckMs = 500;

}  // namespace

CampaignRunner::CampaignRunner(db::ConnectionPool& pool, StoreWriter& writer,
                               Dispatcher& dispatcher, const EntityService& entities,
                               SelectionService& selections, TemplateService& templates,
                               const ConsentRegistry& consent, const phone::PhoneNormalizer& phones,
                               LeaseCheck holdsLease, CampaignRunnerSettings settings)
    : pool_(pool),
      writer_(writer),
      holdsLease_(std::move(holdsLease)),
      freezer_(pool, writer, entities, selections, templates, consent, phones, settings.maxParts,
               holdsLease_),
      feeder_(writer, dispatcher, consent, settings.window, holdsLease_),
      logger_(Poco::Logger::get("pigeond.campaigns")) {}

std::int64_t CampaignRunner::pass(std::int64_t now) {
  std::vector<CampaignRecord> campaigns;
  {
    auto c = pool_.acquire();
    campaigns = CampaignRepository::active(*c);
  }
  std::int64_t next = std::numeric_limits<std::int64_t>::max();
  for (const auto& campaign : campaigns) {
    try {
      next = std::min(next, advance(campaign, now));
    } catch (const ApiError& e) {
      halt(campaign, e.what());
    }
  }
  return next;
}

std::int64_t CampaignRunner::advance(const CampaignRecord& campaign, std::int64_t now) {
  if (campaign.state == CampaignState::kScheduled) {
    if (campaign.startsAt > now) return campaign.startsAt;
    const bool started = writer_.call<bool>([&, this](db::Connection& c) {
      auto fresh = CampaignRepository::findForUpdate(c, campaign.id);
      if (!holdsLease_(c) || !fresh || fresh->state != CampaignState::kScheduled) return false;
      // Replies are the inbound SMS after this one.
      auto last = c.query("SELECT MAX(id) FROM inbound_messages");
      CampaignRepository::markStarted(c, campaign.id, now, db::asInt(last.rows.at(0).at(0)));
      return true;
    });
    if (started) logger_.information("campaign '%s' started", campaign.name);
    return now;  // the freeze begins in the next pass
  }
  if (!campaign.frozenAt) {
    if (freezer_.step(campaign))
      logger_.information("campaign '%s': its recipient list is frozen", campaign.name);
    return now;
  }
  if (campaign.endsAt && campaign.endsAt <= now) {
    finish(campaign, "ended");
    return now;
  }
  if (campaign.waiting() <= 0) {
    std::int64_t unsent = 0;
    {
      auto c = pool_.acquire();
      unsent = CampaignRepository::unsentMessages(*c, campaign.id);
    }
    if (unsent) return now + kDrainCheckMs;
    finish(campaign, "");
    return now;
  }
  const auto outcome = feeder_.step(campaign, now);
  auto next = outcome.nextAt ? outcome.nextAt : now + kDrainCheckMs;
  if (campaign.endsAt) next = std::min(next, campaign.endsAt);
  return next;
}

void CampaignRunner::finish(const CampaignRecord& campaign, const std::string& leftReason) {
  const bool done = writer_.call<bool>([&, this](db::Connection& c) {
    const auto now = nowMs();
    auto fresh = CampaignRepository::findForUpdate(c, campaign.id);
    if (!holdsLease_(c) || !fresh || fresh->state != CampaignState::kRunning) return false;
    if (!leftReason.empty()) {
      fresh->queued -= CampaignRepository::withdrawQueued(c, campaign.id);
      if (const auto left = CampaignRepository::skipWaiting(c, campaign.id, leftReason))
        fresh->skipped[leftReason] += left;
      CampaignRepository::saveProgress(c, *fresh, now);
    }
    CampaignRepository::finish(c, campaign.id, CampaignState::kCompleted, now);
    return true;
  });
  if (!done) return;
  feeder_.forget(campaign.id);
  logger_.information("campaign '%s' completed%s", campaign.name,
                      leftReason.empty() ? std::string() : " (" + leftReason + ")");
}

void CampaignRunner::halt(const CampaignRecord& campaign, const std::string& why) {
  logger_.error("campaign '%s' paused: %s", campaign.name, why);
  writer_.call<bool>([&, this](db::Connection& c) {
    const auto now = nowMs();
    auto fresh = CampaignRepository::findForUpdate(c, campaign.id);
    if (!holdsLease_(c) || !fresh) return false;
    if (!CampaignRepository::setState(c, campaign.id, {fresh->state}, CampaignState::kPaused, now))
      return false;
    fresh->lastError = why;
    CampaignRepository::saveProgress(c, *fresh, now);
    return true;
  });
}

}  // namespace pigeon::host
