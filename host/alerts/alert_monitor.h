#pragma once
// The host's own alert checks and the notifications, as the Scheduler runs them (on the one
// host holding its lease). Every alerts.check_s it looks at what the enabled rules watch: a
// provider instance down for longer than the threshold, a balance under it, due messages
// waiting in the outbox longer than it, a campaign failing more than it; each finding raises
// (or counts again) the rule's alert for that thing, and a thing that cleared resolves its
// alert. Open alerts are texted to each member of the rule's staff group, at most max_per_hour
// notifications per rule (the rest are counted as suppressed), and an unacknowledged alarm
// again every repeat_s.

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>

#include <Poco/Logger.h>

#include "alerts/alert_service.h"
#include "campaigns/campaign_service.h"
#include "outbox/dispatcher.h"
#include "outbox/store_writer.h"
#include "providers/provider_set.h"
#include "repositories/message_repository.h"
#include "scheduling/scheduled_work.h"

namespace pigeon::host {

struct AlertMonitorSettings {
  int checkSeconds = 15;
  std::chrono::milliseconds balanceTimeout{500};
};

class AlertMonitor : public ScheduledWork {
public:
  AlertMonitor(db::ConnectionPool& pool, StoreWriter& writer, Dispatcher& dispatcher,
               AlertService& alerts, ProviderSet& providers, CampaignService& campaigns,
               LeaseCheck holdsLease, AlertMonitorSettings settings);

  const char* name() const override { return "alerts"; }
  std::int64_t pass(std::int64_t now) override;

  // A finding: the thing's key and the values its text names.
  using Findings = std::map<std::string, std::map<std::string, std::string>>;

private:
  void check(std::int64_t now);
  Findings providersDown(const db::AlertRule& rule, std::int64_t now);
  Findings balancesLow(const db::AlertRule& rule, std::int64_t now);
  Findings staleQueue(const db::AlertRule& rule, std::int64_t now);
  Findings failingCampaigns(const db::AlertRule& rule, std::int64_t now);
  // Texts the open alerts that are due; returns when the next repeat falls due.
  std::int64_t notify(std::int64_t now);
  // Whether the rule may send another notification this hour (and counts it if so).
  bool withinLimit(const db::AlertRule& rule, std::int64_t now);

  db::ConnectionPool& pool_;
  StoreWriter& writer_;
  Dispatcher& dispatcher_;
  AlertService& alerts_;
  ProviderSet& providers_;
  CampaignService& campaigns_;
  LeaseCheck holdsLease_;
  AlertMonitorSettings settings_;
  db::MessageRepository messages_;
  Poco::Logger& logger_;

  std::int64_t nextCheck_ = 0;
  std::map<std::string, std::int64_t> downSince_;          // instance -> first seen down
  std::map<std::int64_t, std::deque<std::int64_t>> sent_;  // rule -> notifications this hour
};

}  // namespace pigeon::host
