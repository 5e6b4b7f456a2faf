#pragma once
// Campaigns, as the Scheduler runs them: starts campaigns when their time comes, freezes
// their recipient lists (CampaignFreezer), feeds them to the outbox (CampaignFeeder) and
// completes them. A pass returns when the next thing falls due (a start time, the end of quiet
// hours, room in a campaign's window, the next token of its rate). Sending is not leased:
// every host's dispatcher claims the queued messages, the campaign's included.

#include <cstdint>
#include <string>

#include <Poco/Logger.h>

#include "campaigns/campaign_feeder.h"
#include "campaigns/campaign_freezer.h"
#include "scheduling/scheduled_work.h"

namespace pigeon::host {

struct CampaignRunnerSettings {
  int window = 5000;  // a campaign's messages queued at most at a time
  int maxParts = 6;
};

class CampaignRunner : public ScheduledWork {
public:
  CampaignRunner(db::ConnectionPool& pool, StoreWriter& writer, Dispatcher& dispatcher,
                 const EntityService& entities, SelectionService& selections,
                 TemplateService& templates, const ConsentRegistry& consent,
                 const phone::PhoneNormalizer& phones, LeaseCheck holdsLease,
                 CampaignRunnerSettings settings);

  const char* name() const override { return "campaigns"; }
  // One pass over the active campaigns.
  std::int64_t pass(std::int64_t now) override;

private:
  std::int64_t advance(const db::CampaignRecord& campaign, std::int64_t now);
  // Completes a running campaign (all went, or its end passed: `leftReason` "ended"), within
  // the lease.
  void finish(const db::CampaignRecord& campaign, const std::string& leftReason);
  // The campaign cannot go on (its template or selection is gone): paused, with why.
  void halt(const db::CampaignRecord& campaign, const std::string& why);

  db::ConnectionPool& pool_;
  StoreWriter& writer_;
  LeaseCheck holdsLease_;
  CampaignFreezer freezer_;
  CampaignFeeder feeder_;
  Poco::Logger& logger_;
};

}  // namespace pigeon::host
