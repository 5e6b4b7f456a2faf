#include "campaigns/campaign_feeder.h"

#include <algorithm>
#include <cmath>

#include "campaigns/quiet_hours.h"
#include "campaigns/time_zones.h"
#include "pigeon/sdk/text/sms_text.h"

namespace pigeon::host {

namespace {

using db::CampaignRecord;
using db::CampaignRepository;

struct Zones {
  std::vector<int> open;
  std::int64_t reopensAt = 0;  // the earliest end of a zone's quiet hours; 0: none closed
};

Zones zonesAt(const CampaignRecord& r, std::int64_t now) {
  Zones out;
  const campaigns::QuietHours quiet{r.quietFrom, r.quietTo};
  for (std::size_t z = 0; z < r.zones.size(); ++z) {
    const auto minute = campaigns::minuteOfDay(now, campaigns::utcOffsetMinutes(r.zones[z], now));
    if (const auto left = quiet.minutesLeft(minute)) {
      const auto at = (now / 60000 + left) * 60000;  // the start of the minute they end
      out.reopensAt = out.reopensAt ? std::min(out.reopensAt, at) : at;
    } else {
      out.open.push_back(static_cast<int>(z));
    }
  }
  return out;
}

db::NewMessage messageFor(const CampaignRecord& r, db::CampaignRecipient& to) {
  db::NewMessage m;
  m.userId = r.authorId;
  m.to = std::move(to.to);
  m.from = r.from;
  m.requestedProvider = r.fromInstance;
  m.body = to.body.empty() ? r.body : std::move(to.body);
  const auto analysis = sdk::text::analyzeText(m.body);
  m.encoding = sdk::text::encodingName(analysis.encoding);
  m.parts = analysis.parts;
  m.priority = r.priority;
  m.tag = kCampaignTag;
  m.campaignId = r.id;
  return m;
}

}  // namespace

CampaignFeeder::CampaignFeeder(StoreWriter& writer, Dispatcher& dispatcher,
                               const ConsentRegistry& consent, int window, LeaseCheck holdsLease)
    : writer_(writer),
      dispatcher_(dispatcher),
      consent_(consent),
      window_(window),
      holdsLease_(std::move(holdsLease)) {}

std::int64_t CampaignFeeder::allowance(const CampaignRecord& r, std::int64_t now) {
  if (r.ratePerSecond <= 0) return kChunk;
  auto& b = buckets_[r.id];
  if (!b.at) b = {1, now};  // one at once, then the rate
  b.tokens = std::min<double>(r.ratePerSecond,
                              b.tokens + static_cast<double>(now - b.at) * r.ratePerSecond / 1000);
  b.at = now;
  return std::min<std::int64_t>(kChunk, static_cast<std::int64_t>(b.tokens));
}

CampaignFeeder::Outcome CampaignFeeder::step(const CampaignRecord& campaign, std::int64_t now) {
  const auto zones = zonesAt(campaign, now);
  if (zones.open.empty()) return {0, zones.reopensAt};
  const auto wanted = allowance(campaign, now);
  if (wanted == 0)
    return {0, now + std::max<std::int64_t>(1, 1000 / std::max(1, campaign.ratePerSecond))};

  struct Result {
    std::int64_t handed = 0;
    bool windowFull = false;
    bool exhausted = false;  // fewer waiting in the open zones than wanted
  };
  const auto result = writer_.call<Result>([&, this](db::Connection& c) {
    Result out;
    auto fresh = CampaignRepository::findForUpdate(c, campaign.id);
    if (!holdsLease_(c) || !fresh || fresh->state != db::CampaignState::kRunning) return out;
    const auto inOutbox = CampaignRepository::queuedMessages(c, campaign.id);
    const auto room = std::min<std::int64_t>(wanted, window_ - inOutbox);
    if (room <= 0) {
      out.windowFull = true;
      return out;
    }
    std::vector<db::NewMessage> messages;
    std::vector<std::int64_t> queued, optedOut;
    for (int zone : zones.open) {
      const auto left = room - static_cast<std::int64_t>(queued.size() + optedOut.size());
      if (left <= 0) break;
      for (auto& r : CampaignRepository::waiting(c, campaign.id, zone, static_cast<int>(left))) {
        if (consent_.optedOut(r.to)) {
          optedOut.push_back(r.entityId);
          continue;
        }
        queued.push_back(r.entityId);
        messages.push_back(messageFor(*fresh, r));
      }
    }
    messages_.insert(c, messages, now, nullptr);
    CampaignRepository::markQueued(c, campaign.id, queued);
    CampaignRepository::markSkipped(c, campaign.id, optedOut, "opted_out");
    fresh->queued += static_cast<std::int64_t>(queued.size());
    if (!optedOut.empty())
      fresh->skipped["opted_out"] += static_cast<std::int64_t>(optedOut.size());
    CampaignRepository::saveProgress(c, *fresh, now);
    out.handed = static_cast<std::int64_t>(queued.size() + optedOut.size());
    out.exhausted = out.handed < room;
    return out;
  });
  if (result.handed) {
    dispatcher_.wake();
    if (campaign.ratePerSecond > 0)
      buckets_[campaign.id].tokens -= static_cast<double>(result.handed);
  }
  if (result.windowFull) return {0, now + kWindowFullRetryMs};
  if (!result.exhausted) return {result.handed, now};
  // Nothing more waits in the open zones: come back when a closed one opens.
  return {result.handed, zones.reopensAt};
}

}  // namespace pigeon::host
