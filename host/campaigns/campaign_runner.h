#pragma once
// The campaign scheduler: one thread that starts campaigns when their time comes, freezes
// their recipient lists, feeds them to the outbox (CampaignFeeder) and completes them. It
// sleeps until the next thing falls due (a start time, the end of quiet hours, room in a
// campaign's window, the next token of its rate) or until wake() says something changed.
//
// Several hosts on one store: only the host holding the "scheduler" lease runs it; the others
// try to take the lease every third of its length and do so once the holder stops renewing it
// (it died). Every write checks the lease inside its transaction, so a host that lost it
// writes nothing more. Sending is not leased: every host's dispatcher claims the queued
// messages, the campaign's included.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include <Poco/Logger.h>

#include "campaigns/campaign_feeder.h"
#include "campaigns/campaign_freezer.h"

namespace pigeon::host {

struct CampaignRunnerSettings {
  std::string hostId;
  int leaseSeconds = 15;
  int window = 5000;  // a campaign's messages queued at most at a time
  int maxParts = 6;
};

class CampaignRunner {
public:
  CampaignRunner(db::ConnectionPool& pool, StoreWriter& writer, Dispatcher& dispatcher,
                 const EntityService& entities, SelectionService& selections,
                 TemplateService& templates, const ConsentRegistry& consent,
                 const phone::PhoneNormalizer& phones, CampaignRunnerSettings settings);
  ~CampaignRunner();

  void start();
  void stop();  // gives the lease up, so another host takes over at once
  void wake();

  bool leader() const { return leader_.load(); }

  static constexpr const char* kLease = "scheduler";

private:
  void run();
  // One pass over the active campaigns; returns when the next pass is due (ms).
  std::int64_t pass(std::int64_t now);
  std::int64_t advance(const db::CampaignRecord& campaign, std::int64_t now);
  bool renewLease(std::int64_t now);
  bool holdsLease(db::Connection& c) const;
  // Moves a running campaign to `to` (completed when all went, ended when its end passed),
  // within the lease.
  void finish(const db::CampaignRecord& campaign, const std::string& leftReason);
  // The campaign cannot go on (its template or selection is gone): paused, with why.
  void halt(const db::CampaignRecord& campaign, const std::string& why);

  db::ConnectionPool& pool_;
  StoreWriter& writer_;
  CampaignRunnerSettings settings_;
  CampaignFreezer freezer_;
  CampaignFeeder feeder_;
  Poco::Logger& logger_;

  std::atomic<bool> leader_{false};
  std::int64_t leaseRenewAt_ = 0;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::uint64_t wakeups_ = 0;  // guarded by mutex_
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace pigeon::host
