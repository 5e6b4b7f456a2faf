#pragma once
// What can raise a staff alert, as a table: the host's own checks (a provider down, a balance
// low, the outbox stale, a campaign failing), an entity change (a case escalated), or the API.
// Each kind says what its threshold means and the text it sends unless a rule gives its own;
// texts name values in braces ({subject}), filled in when the alert is raised.

#include <map>
#include <span>
#include <string>
#include <string_view>

namespace pigeon::host::alerts {

enum class Trigger { kCheck, kEntityChange, kApi };

struct AlertKind {
  const char* name;
  Trigger trigger;
  const char* threshold;  // what it means; null: the kind has none
  double defaultThreshold;
  bool hasSubject;  // a rule may watch one provider instance
  const char* message;
};

std::span<const AlertKind> alertKinds();
const AlertKind* findAlertKind(std::string_view name);

// The text with each {name} that `values` has replaced by its value; other braces stay.
std::string fillIn(const std::string& text, const std::map<std::string, std::string>& values);

// The SMS a member gets: "[ALARM] text Reply ACK 17 to acknowledge." or "[INFO] text".
std::string notificationText(const std::string& severity, const std::string& text,
                             std::int64_t alertId);

}  // namespace pigeon::host::alerts
