#pragma once
// Campaigns as the API and the admin change them: a draft is checked when saved (its
// selection, template or text, sender, schedule, quiet hours, zone and rate), started,
// paused, resumed and cancelled here; the CampaignRunner does the sending. Every change wakes
// the runner.
//
// States: draft -> scheduled (start) -> running (its start time came: the runner freezes the
// recipient list) <-> paused -> completed | cancelled. Pausing and cancelling take back the
// campaign's messages no provider has seen yet, so they stop at once.

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "admin/settings_admin.h"
#include "auth/authenticator.h"
#include "db/connection_pool.h"
#include "numbers/number_directory.h"
#include "repositories/campaign_repository.h"
#include "selections/selection_service.h"
#include "templates/template_service.h"

namespace pigeon::host {

// What the author gives. References are by id or by name.
struct CampaignDraft {
  std::string name;
  std::string selection;
  std::string templateRef;  // or
  std::string text;
  std::string from;
  std::optional<std::int64_t> startsAt;  // none: as soon as it is started
  std::optional<std::int64_t> endsAt;
  // "21:00-09:00"; "none" or "": none; not given: the admin's default (Settings, quiet.*).
  std::optional<std::string> quietHours;
  std::string timeZone;  // empty: the host's default (campaigns.time_zone)
  int ratePerSecond = 0;
  db::Priority priority = db::Priority::kBulk;
};

struct CampaignProgress {
  std::int64_t recipients = 0;  // rows the selection gave when frozen
  std::int64_t waiting = 0;     // not yet handed to the outbox
  std::int64_t queued = 0;      // in the outbox, not yet at a provider
  std::int64_t sent = 0;        // taken by a provider (submitted, delivered, expired)
  std::int64_t delivered = 0;
  std::int64_t failed = 0;  // failed or rejected
  std::int64_t skipped = 0;
  std::map<std::string, std::int64_t> skippedBy;
  std::int64_t replied = 0;
  std::int64_t optedOut = 0;
  double ratePerSecond = 0;       // handed to the outbox, lately
  std::int64_t estimatedEnd = 0;  // ms; 0 when unknown
};

struct CampaignSettings {
  std::string defaultTimeZone = "UTC";
  int maxParts = 6;
};

class CampaignService {
public:
  CampaignService(db::ConnectionPool& pool, const EntityService& entities,
                  SelectionService& selections, TemplateService& templates,
                  const NumberDirectory& numbers, const SettingsAdmin& adminSettings,
                  CampaignSettings settings);

  void onChange(std::function<void()> listener) { onChange_ = std::move(listener); }
  const CampaignSettings& settings() const { return settings_; }

  std::vector<db::CampaignRecord> list();
  db::CampaignRecord get(std::int64_t id);  // ApiError 404
  // ApiError 422 naming the field, 409 for a name in use, 403 for a sender not the author's.
  db::CampaignRecord create(const CampaignDraft& draft, const Caller& author);
  // Only a draft or scheduled campaign changes (409 otherwise); a scheduled one becomes a draft.
  db::CampaignRecord update(std::int64_t id, const CampaignDraft& draft, const Caller& author);
  void remove(std::int64_t id);  // 409 while it runs or is paused

  // ApiError 409 naming the state when the change does not apply; start refuses (422) a
  // selection that selects nobody and an end that has passed.
  db::CampaignRecord start(std::int64_t id);
  db::CampaignRecord pause(std::int64_t id);
  db::CampaignRecord resume(std::int64_t id);
  db::CampaignRecord cancel(std::int64_t id);

  // The counts of messages, replies and opt-outs are read afresh at most every kProgressMs
  // per campaign while its state stays the same (counting a campaign's messages reads its
  // index range); the rest comes from the campaign's row as given.
  CampaignProgress progress(const db::CampaignRecord& campaign);

  static constexpr std::int64_t kProgressMs = 2000;

private:
  db::CampaignRecord checked(const CampaignDraft& draft, const Caller& author,
                             std::int64_t id) const;
  void changed() const;
  // What progress reads from the store besides the campaign's own row, and when.
  struct Counted {
    std::int64_t at = 0;
    db::CampaignState state = db::CampaignState::kDraft;
    std::map<db::MessageStatus, std::int64_t> messages;
    std::int64_t replied = 0;
    std::int64_t optedOut = 0;
    std::int64_t handed = 0;  // the campaign's queued counter then, for the rate
    double ratePerSecond = 0;
  };

  db::ConnectionPool& pool_;
  const EntityService& entities_;
  SelectionService& selections_;
  TemplateService& templates_;
  const NumberDirectory& numbers_;
  const SettingsAdmin& adminSettings_;
  CampaignSettings settings_;
  std::function<void()> onChange_;
  std::mutex changeMutex_;
  std::mutex progressMutex_;
  std::map<std::int64_t, Counted> counted_;
};

}  // namespace pigeon::host
