#pragma once
// Staff alerts: the staff groups they go to, the rules that raise them, and each alert with
// its notifications, its acknowledgement and its resolution.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"

namespace pigeon::db {

struct StaffMember {
  std::string phone;  // E.164
  std::string name;
};

struct StaffGroup {
  std::int64_t id = 0;
  std::string name;
  std::vector<StaffMember> members;
  std::int64_t createdAt = 0;
  std::int64_t updatedAt = 0;
};

struct AlertRule {
  std::int64_t id = 0;
  std::string name;
  std::string kind;      // provider_down, balance_low, queue_stale, campaign_failed, ...
  std::string severity;  // info, alarm
  std::int64_t groupId = 0;
  std::string subject;  // the provider instance watched; empty: every one
  double threshold = 0;
  std::string message;  // the text, with {placeholders}; empty: the kind's own
  int dedupeSeconds = 3600;
  int maxPerHour = 10;
  int repeatSeconds = 0;
  bool enabled = true;
  std::string author;
  std::int64_t authorId = 0;
  std::int64_t createdAt = 0;
  std::int64_t updatedAt = 0;
};

struct AlertRecord {
  std::int64_t id = 0;
  std::int64_t ruleId = 0;
  std::string key;
  std::string severity;
  std::string text;
  std::string state;  // open, acknowledged, resolved
  std::int64_t raisedAt = 0;
  std::int64_t lastRaisedAt = 0;
  int occurrences = 1;
  std::int64_t notifiedAt = 0;  // 0: not yet
  int notifications = 0;
  int suppressed = 0;
  std::string acknowledgedBy;
  std::int64_t acknowledgedAt = 0;
  std::int64_t resolvedAt = 0;
};

class AlertRepository {
public:
  static std::vector<StaffGroup> groups(Connection& c);
  static std::optional<StaffGroup> findGroup(Connection& c, std::int64_t id);
  static std::int64_t insertGroup(Connection& c, const StaffGroup& g, std::int64_t now);
  static bool updateGroup(Connection& c, const StaffGroup& g, std::int64_t now);
  static bool removeGroup(Connection& c, std::int64_t id);

  static std::vector<AlertRule> rules(Connection& c);
  static std::optional<AlertRule> findRule(Connection& c, std::int64_t id);
  static std::int64_t insertRule(Connection& c, const AlertRule& r, std::int64_t now);
  static bool updateRule(Connection& c, const AlertRule& r, std::int64_t now);
  static bool removeRule(Connection& c, std::int64_t id);
  static bool groupInUse(Connection& c, std::int64_t groupId);

  // The newest alert of the rule for this key, whatever its state.
  static std::optional<AlertRecord> latest(Connection& c, std::int64_t ruleId,
                                           const std::string& key);
  static std::optional<AlertRecord> find(Connection& c, std::int64_t id);
  // Newest first; `state` empty: every state.
  static std::vector<AlertRecord> list(Connection& c, const std::string& state,
                                       std::int64_t beforeId, int limit);
  static std::int64_t insert(Connection& c, const AlertRecord& a);
  // Raised again: counted, its text refreshed; a resolved one opens again.
  static void raiseAgain(Connection& c, std::int64_t id, const std::string& text, std::int64_t now);
  static void markNotified(Connection& c, std::int64_t id, int sent, int suppressed,
                           std::int64_t now);
  // From open only; false when it was not open.
  static bool acknowledge(Connection& c, std::int64_t id, const std::string& by, std::int64_t now);
  // From open or acknowledged; false when it was resolved already.
  static bool resolve(Connection& c, std::int64_t id, std::int64_t now);
  // Open alerts of every rule, oldest first: the notifier's work.
  static std::vector<AlertRecord> open(Connection& c, int limit);
  // The keys of a rule's alerts not resolved (open or acknowledged).
  static std::vector<AlertRecord> unresolved(Connection& c, std::int64_t ruleId);
};

}  // namespace pigeon::db
