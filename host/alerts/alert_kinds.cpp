#include "alerts/alert_kinds.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace pigeon::host::alerts {

namespace {

constexpr std::array<AlertKind, 6> kKinds{{
    {"provider_down", Trigger::kCheck, "seconds down before it is raised", 60, true,
     "Provider {subject} is {state} since {since}."},
    {"balance_low", Trigger::kCheck, "the balance under which it is raised", 100, true,
     "Provider {subject} balance is {balance} {currency}, under {threshold}."},
    {"queue_stale", Trigger::kCheck, "minutes a message may wait queued in the outbox", 10, false,
     "Messages have waited {minutes} minutes in the outbox (limit {threshold})."},
    {"campaign_failed", Trigger::kCheck, "the failed percent of a campaign's messages", 20, false,
     "Campaign '{subject}': {percent}% of {settled} messages failed (limit {threshold}%)."},
    {"case_escalated", Trigger::kEntityChange, nullptr, 0, false,
     "Case {id} escalated: {subject} (priority {priority})."},
    {"api", Trigger::kApi, nullptr, 0, false, "{text}"},
}};

}  // namespace

std::span<const AlertKind> alertKinds() { return kKinds; }

const AlertKind* findAlertKind(std::string_view name) {
  auto it = std::find_if(kKinds.begin(), kKinds.end(),
                         [&](const AlertKind& k) { return name == k.name; });
  return it == kKinds.end() ? nullptr : &*it;
}

std::string fillIn(const std::string& text, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto open = text.find('{', at);
    const auto close = open == std::string::npos ? open : text.find('}', open);
    if (close == std::string::npos) break;
    auto value = values.find(text.substr(open + 1, close - open - 1));
    out += text.substr(at, open - at);
    out += value == values.end() ? text.substr(open, close - open + 1) : value->second;
    at = close + 1;
  }
  return out + text.substr(std::min(at, text.size()));
}

std::string notificationText(const std::string& severity, const std::string& text,
                             std::int64_t alertId) {
  if (severity != "alarm") return "[INFO] " + text;
  return "[ALARM] " + text + " Reply ACK " + std::to_string(alertId) + " to acknowledge.";
}

}  // namespace pigeon::host::alerts
