#include "alerts/alert_monitor.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "alerts/alert_kinds.h"
#include "api/json_util.h"
#include "outbox/clock.h"
#include "pigeon/sdk/text/sms_text.h"
#include "repositories/campaign_repository.h"

namespace pigeon::host {

namespace {

using db::AlertRecord;
using db::AlertRule;

constexpr std::int64_t kHourMs = 3600000;
constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();
// A campaign's failures are judged once this many of its messages have an outcome, and for an
// hour after it finished.
constexpr std::int64_t kMinSettled = 20;
constexpr std::int64_t kFinishedWatchMs = kHourMs;
constexpr int kNotifyBatch = 100;

std::string decimal(double v, int digits) {
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(digits);
  out << v;
  return out.str();
}

bool watches(const AlertRule& rule, const std::string& instance) {
  return rule.subject.empty() || rule.subject == instance;
}

}  // namespace

AlertMonitor::AlertMonitor(db::ConnectionPool& pool, StoreWriter& writer, Dispatcher& dispatcher,
                           AlertService& alerts, ProviderSet& providers, CampaignService& campaigns,
                           LeaseCheck holdsLease, AlertMonitorSettings settings)
    : pool_(pool),
      writer_(writer),
      dispatcher_(dispatcher),
      alerts_(alerts),
      providers_(providers),
      campaigns_(campaigns),
      holdsLease_(std::move(holdsLease)),
      settings_(settings),
      logger_(Poco::Logger::get("pigeond.alerts")) {}

std::int64_t AlertMonitor::pass(std::int64_t now) {
  if (now >= nextCheck_) {
    nextCheck_ = now + settings_.checkSeconds * 1000LL;
    check(now);
  }
  return std::min(nextCheck_, notify(now));
}

void AlertMonitor::check(std::int64_t now) {
  using Check = Findings (AlertMonitor::*)(const AlertRule&, std::int64_t);
  static const std::map<std::string, Check> kChecks{
      {"provider_down", &AlertMonitor::providersDown},
      {"balance_low", &AlertMonitor::balancesLow},
      {"queue_stale", &AlertMonitor::staleQueue},
      {"campaign_failed", &AlertMonitor::failingCampaigns}};
  for (const auto& rule : alerts_.rules()) {
    auto found = kChecks.find(rule.kind);
    if (!rule.enabled || found == kChecks.end()) continue;
    try {
      const auto findings = std::invoke(found->second, *this, rule, now);
      for (const auto& [key, values] : findings) alerts_.raise(rule, key, values, now);
      // What is no longer found has cleared.
      auto c = pool_.acquire();
      for (const auto& a : db::AlertRepository::unresolved(*c, rule.id))
        if (!findings.count(a.key)) db::AlertRepository::resolve(*c, a.id, now);
    } catch (const std::exception& e) {
      logger_.error("alert rule '%s' could not check: %s", rule.name, std::string(e.what()));
    }
  }
}

AlertMonitor::Findings AlertMonitor::providersDown(const AlertRule& rule, std::int64_t now) {
  Findings out;
  for (const auto& instance : providers_.all()) {
    const auto& name = instance->name();
    const auto reason = instance->downReason();
    if (reason.empty()) {
      downSince_.erase(name);
      continue;
    }
    const auto since = downSince_.emplace(name, now).first->second;
    if (!watches(rule, name) || now - since < static_cast<std::int64_t>(rule.threshold * 1000))
      continue;
    out["provider_down:" + name] = {
        {"subject", name}, {"state", reason}, {"since", isoTime(since)}};
  }
  return out;
}

AlertMonitor::Findings AlertMonitor::balancesLow(const AlertRule& rule, std::int64_t) {
  Findings out;
  for (const auto& instance : providers_.all()) {
    if (!watches(rule, instance->name())) continue;
    // The balance the refresher keeps; a plugin that cannot say is not an alert of this kind.
    const auto balance = instance->cachedBalance(settings_.balanceTimeout, std::chrono::minutes(5));
    if (!balance || balance.value().amount >= rule.threshold) continue;
    out["balance_low:" + instance->name()] = {{"subject", instance->name()},
                                              {"balance", decimal(balance.value().amount, 2)},
                                              {"currency", balance.value().currency}};
  }
  return out;
}

AlertMonitor::Findings AlertMonitor::staleQueue(const AlertRule& rule, std::int64_t now) {
  // The age of the oldest message still queued, whatever pushed its next attempt back (a route
  // down moves it 5 s at a time, so the claim order says nothing of how long it has waited).
  // It reads the queued messages' rows: a few thousand when the outbox keeps up.
  std::optional<std::int64_t> oldest;
  {
    auto c = pool_.acquire();
    auto rows = c->query("SELECT MIN(created_at) FROM messages WHERE status = 'queued'");
    if (!rows.empty() && !db::isNull(rows.rows[0][0])) oldest = db::asInt(rows.rows[0][0]);
  }
  Findings out;
  const auto minutes = oldest ? (now - *oldest) / 60000.0 : 0;
  if (oldest && minutes >= rule.threshold)
    out["queue_stale"] = {{"minutes", decimal(std::floor(minutes), 0)}};
  return out;
}

AlertMonitor::Findings AlertMonitor::failingCampaigns(const AlertRule& rule, std::int64_t now) {
  std::vector<db::CampaignRecord> campaigns;
  {
    auto c = pool_.acquire();
    campaigns = db::CampaignRepository::all(*c);
  }
  Findings out;
  for (const auto& campaign : campaigns) {
    const bool watched = campaign.state == db::CampaignState::kRunning ||
                         campaign.state == db::CampaignState::kPaused ||
                         (campaign.finishedAt && now - campaign.finishedAt < kFinishedWatchMs);
    if (!watched) continue;
    const auto p = campaigns_.progress(campaign);
    const auto settled = p.sent + p.failed;
    if (settled < kMinSettled) continue;
    const auto percent = 100.0 * static_cast<double>(p.failed) / static_cast<double>(settled);
    if (percent < rule.threshold) continue;
    out["campaign:" + std::to_string(campaign.id)] = {{"subject", campaign.name},
                                                      {"percent", decimal(percent, 0)},
                                                      {"settled", std::to_string(settled)}};
  }
  return out;
}

bool AlertMonitor::withinLimit(const AlertRule& rule, std::int64_t now) {
  auto& times = sent_[rule.id];
  while (!times.empty() && times.front() <= now - kHourMs) times.pop_front();
  if (static_cast<int>(times.size()) >= rule.maxPerHour) return false;
  times.push_back(now);
  return true;
}

std::int64_t AlertMonitor::notify(std::int64_t now) {
  std::vector<AlertRecord> open;
  {
    auto c = pool_.acquire();
    open = db::AlertRepository::open(*c, kNotifyBatch);
  }
  if (open.empty()) return kNever;
  std::map<std::int64_t, AlertRule> rules;
  for (auto& r : alerts_.rules()) rules.emplace(r.id, std::move(r));
  std::map<std::int64_t, db::StaffGroup> groups;
  for (auto& g : alerts_.groups()) groups.emplace(g.id, std::move(g));

  std::int64_t next = kNever;
  for (const auto& alert : open) {
    auto rule = rules.find(alert.ruleId);
    if (rule == rules.end() || !rule->second.enabled) continue;
    const auto& r = rule->second;
    const std::int64_t repeatMs = r.repeatSeconds * std::int64_t{1000};
    if (alert.notifiedAt) {
      if (alert.severity != "alarm" || !repeatMs) continue;
      if (alert.notifiedAt + repeatMs > now) {
        next = std::min(next, alert.notifiedAt + repeatMs);
        continue;
      }
    }
    if (repeatMs) next = std::min(next, now + repeatMs);
    std::vector<db::NewMessage> messages;
    const bool allowed = withinLimit(r, now);
    if (allowed) {
      const auto text = alerts::notificationText(alert.severity, alert.text, alert.id);
      const auto analysis = sdk::text::analyzeText(text);
      for (const auto& member : groups[r.groupId].members) {
        db::NewMessage m;
        m.userId = r.authorId;
        m.to = member.phone;
        m.body = text;
        m.encoding = sdk::text::encodingName(analysis.encoding);
        m.parts = analysis.parts;
        m.priority = db::Priority::kHigh;
        m.tag = kAlertTag;
        messages.push_back(std::move(m));
      }
    }
    const bool stored = writer_.call<bool>([&, this](db::Connection& c) {
      if (!holdsLease_(c)) return false;
      messages_.insert(c, messages, now, nullptr);
      db::AlertRepository::markNotified(c, alert.id, static_cast<int>(messages.size()),
                                        allowed ? 0 : 1, now);
      return true;
    });
    if (!stored) return now + 1000;
    if (!allowed)
      logger_.warning("alert %Ld not sent: rule '%s' sent %d this hour",
                      static_cast<long long>(alert.id), r.name, r.maxPerHour);
  }
  dispatcher_.wake();
  return next;
}

}  // namespace pigeon::host
