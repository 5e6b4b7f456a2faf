#include "campaigns/campaign_runner.h"

#include <algorithm>

#include "api/api_types.h"
#include "outbox/clock.h"
#include "repositories/lease_repository.h"

namespace pigeon::host {

namespace {

using db::CampaignRecord;
using db::CampaignRepository;
using db::CampaignState;

// A pass that failed (the store is down, say) is tried again after this.
constexpr std::int64_t kRetryMs = 1000;
// A campaign with every recipient handed over waits for its last messages to reach a
// provider; it looks again this often.
constexpr std::int64_t kDrainCheckMs = 500;

}  // namespace

CampaignRunner::CampaignRunner(db::ConnectionPool& pool, StoreWriter& writer,
                               Dispatcher& dispatcher, const EntityService& entities,
                               SelectionService& selections, TemplateService& templates,
                               const ConsentRegistry& consent, const phone::PhoneNormalizer& phones,
                               CampaignRunnerSettings settings)
    : pool_(pool),
      writer_(writer),
      settings_(std::move(settings)),
      freezer_(pool, writer, entities, selections, templates, consent, phones, settings_.maxParts,
               [this](db::Connection& c) { return holdsLease(c); }),
      feeder_(writer, dispatcher, consent, settings_.window,
              [this](db::Connection& c) { return holdsLease(c); }),
      logger_(Poco::Logger::get("pigeond.campaigns")) {}

CampaignRunner::~CampaignRunner() { stop(); }

void CampaignRunner::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void CampaignRunner::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (!leader_.exchange(false)) return;
  try {
    auto c = pool_.acquire();
    db::LeaseRepository::release(*c, kLease, settings_.hostId);
  } catch (const std::exception& e) {
    logger_.warning("could not give the scheduler lease up: %s", std::string(e.what()));
  }
}

void CampaignRunner::wake() {
  {
    std::lock_guard lock(mutex_);
    ++wakeups_;
  }
  cv_.notify_all();
}

bool CampaignRunner::holdsLease(db::Connection& c) const {
  return db::LeaseRepository::holds(c, kLease, settings_.hostId, nowMs());
}

bool CampaignRunner::renewLease(std::int64_t now) {
  if (now < leaseRenewAt_) return leader_.load();
  const auto length = static_cast<std::int64_t>(settings_.leaseSeconds) * 1000;
  bool held = false;
  {
    auto c = pool_.acquire();
    held = db::LeaseRepository::acquire(*c, kLease, settings_.hostId, now + length, now);
  }
  if (held != leader_.exchange(held))
    logger_.information(held ? "this host runs the campaign scheduler now"
                             : "another host runs the campaign scheduler");
  leaseRenewAt_ = now + length / 3;
  return held;
}

void CampaignRunner::run() {
  std::uint64_t seen = 0;
  while (true) {
    std::int64_t next = 0;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      seen = wakeups_;
    }
    try {
      next = pass(nowMs());
    } catch (const std::exception& e) {
      logger_.error("campaign scheduler: %s", std::string(e.what()));
      next = nowMs() + kRetryMs;
    }
    std::unique_lock lock(mutex_);
    const auto wait = std::max<std::int64_t>(0, next - nowMs());
    cv_.wait_for(lock, std::chrono::milliseconds(wait),
                 [&] { return stopping_ || wakeups_ != seen; });
  }
}

std::int64_t CampaignRunner::pass(std::int64_t now) {
  const auto length = static_cast<std::int64_t>(settings_.leaseSeconds) * 1000;
  if (!renewLease(now)) return leaseRenewAt_;
  std::vector<CampaignRecord> campaigns;
  {
    auto c = pool_.acquire();
    campaigns = CampaignRepository::active(*c);
  }
  std::int64_t next = now + length / 3;  // the lease is renewed in time even when idle
  for (const auto& campaign : campaigns) {
    try {
      next = std::min(next, advance(campaign, now));
    } catch (const ApiError& e) {
      halt(campaign, e.what());
    }
  }
  return std::min(next, leaseRenewAt_);
}

std::int64_t CampaignRunner::advance(const CampaignRecord& campaign, std::int64_t now) {
  if (campaign.state == CampaignState::kScheduled) {
    if (campaign.startsAt > now) return campaign.startsAt;
    const bool started = writer_.call<bool>([&, this](db::Connection& c) {
      auto fresh = CampaignRepository::findForUpdate(c, campaign.id);
      if (!holdsLease(c) || !fresh || fresh->state != CampaignState::kScheduled) return false;
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
    if (!holdsLease(c) || !fresh || fresh->state != CampaignState::kRunning) return false;
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
    if (!holdsLease(c) || !fresh) return false;
    if (!CampaignRepository::setState(c, campaign.id, {fresh->state}, CampaignState::kPaused, now))
      return false;
    fresh->lastError = why;
    CampaignRepository::saveProgress(c, *fresh, now);
    return true;
  });
}

}  // namespace pigeon::host
