#pragma once
// Staff alerts as the API, the host's checks and entity changes raise them: staff groups and
// alert rules (checked when saved), raising with de-duplication (one alert per rule and thing
// until it is resolved, and a thing that clears and comes back within the rule's dedupe_s is
// the same alert counted again), acknowledging (by the API, or by a member's SMS reply "ACK
// 17"), and resolving. The AlertMonitor runs the checks and sends the notifications.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "auth/authenticator.h"
#include "db/connection_pool.h"
#include "entities/entity_service.h"
#include "phone/phone_normalizer.h"
#include "repositories/alert_repository.h"

namespace pigeon::host {

inline constexpr const char* kAlertTag = "alert";

struct StaffGroupDraft {
  std::string name;
  std::vector<db::StaffMember> members;  // phones as given; normalised when checked
};

struct AlertRuleDraft {
  std::string name;
  std::string kind;
  std::string severity = "alarm";
  std::string group;  // by id or name
  std::string subject;
  std::optional<double> threshold;
  std::string message;
  int dedupeSeconds = 3600;
  int maxPerHour = 10;
  int repeatSeconds = 0;
  bool enabled = true;
};

class AlertService {
public:
  AlertService(db::ConnectionPool& pool, const phone::PhoneNormalizer& phones);

  // Called after an alert is raised (the notifier should look).
  void onRaised(std::function<void()> fn) { onRaised_ = std::move(fn); }

  std::vector<db::StaffGroup> groups();
  db::StaffGroup group(std::int64_t id);  // ApiError 404
  // ApiError 422 naming the member (name, members[2].phone), 409 for a name in use.
  db::StaffGroup createGroup(const StaffGroupDraft& draft);
  db::StaffGroup updateGroup(std::int64_t id, const StaffGroupDraft& draft);
  void removeGroup(std::int64_t id);  // 409 while a rule sends to it

  std::vector<db::AlertRule> rules();
  db::AlertRule rule(std::int64_t id);
  db::AlertRule createRule(const AlertRuleDraft& draft, const Caller& author);
  db::AlertRule updateRule(std::int64_t id, const AlertRuleDraft& draft, const Caller& author);
  void removeRule(std::int64_t id);

  // Raises the rule's alert for `key` with its text filled in from `values`.
  db::AlertRecord raise(const db::AlertRule& rule, const std::string& key,
                        const std::map<std::string, std::string>& values, std::int64_t now);
  // POST /api/v1/alerts: a rule of kind api, by id or name; ApiError 422 naming the member.
  db::AlertRecord raiseByApi(const std::string& ruleRef, const std::string& key,
                             const std::string& text);
  void resolveKey(const db::AlertRule& rule, const std::string& key, std::int64_t now);

  std::vector<db::AlertRecord> list(const std::string& state, std::int64_t beforeId, int limit);
  db::AlertRecord get(std::int64_t id);
  db::AlertRecord acknowledge(std::int64_t id, const std::string& by);  // 409 unless open
  db::AlertRecord resolve(std::int64_t id);                             // 409 when resolved

  // An SMS from `from` reading "ACK 17" (or "OK 17"), from a member of the group alert 17 went
  // to: acknowledged, and the answer to text back. Nothing for any other SMS.
  std::optional<std::string> acknowledgeByReply(const std::string& from, const std::string& body);
  // A row changed: rules watching for it (case_escalated) raise their alert.
  void entityChanged(const EntityChange& change);

private:
  db::AlertRule checked(const AlertRuleDraft& d, const Caller& author, std::int64_t id);
  db::StaffGroup checked(const StaffGroupDraft& d, std::int64_t id) const;
  void raised() const {
    if (onRaised_) onRaised_();
  }

  db::ConnectionPool& pool_;
  const phone::PhoneNormalizer& phones_;
  std::function<void()> onRaised_;
};

}  // namespace pigeon::host
