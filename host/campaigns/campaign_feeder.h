#pragma once
// Hands a running campaign's frozen recipients to the outbox, as fast as its rate allows and
// only to recipients outside their quiet hours, keeping at most `window` of its messages
// queued at a time: the outbox sends at the provider's pace, and a pause or a cancel has
// little to take back. Each step stores the messages and marks their recipients in one
// transaction, so after a crash each recipient is either queued once or still waiting.

#include <cstdint>
#include <map>

#include "campaigns/campaign_freezer.h"
#include "outbox/dispatcher.h"

namespace pigeon::host {

inline constexpr const char* kCampaignTag = "campaign";

class CampaignFeeder {
public:
  CampaignFeeder(StoreWriter& writer, Dispatcher& dispatcher, const ConsentRegistry& consent,
                 int window, LeaseCheck holdsLease);

  struct Outcome {
    std::int64_t handed = 0;  // recipients queued or skipped in this step
    std::int64_t nextAt = 0;  // when to come back; 0: nothing waits in an open zone
  };
  Outcome step(const db::CampaignRecord& campaign, std::int64_t now);
  void forget(std::int64_t campaignId) { buckets_.erase(campaignId); }

  static constexpr int kChunk = 1000;
  static constexpr std::int64_t kWindowFullRetryMs = 100;

private:
  // The campaign's rate: how many it may hand over now, refilled with time, at most a
  // second's worth.
  struct Bucket {
    double tokens = 0;
    std::int64_t at = 0;
  };
  std::int64_t allowance(const db::CampaignRecord& campaign, std::int64_t now);

  StoreWriter& writer_;
  Dispatcher& dispatcher_;
  const ConsentRegistry& consent_;
  const int window_;
  LeaseCheck holdsLease_;
  db::MessageRepository messages_;
  std::map<std::int64_t, Bucket> buckets_;
};

}  // namespace pigeon::host
