#pragma once
// Campaigns and their frozen recipient lists. A campaign's counters (recipients, queued, the
// skipped by reason) change in the same transaction as the rows they count.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"
#include "repositories/message_status.h"

namespace pigeon::db {

enum class CampaignState { kDraft, kScheduled, kRunning, kPaused, kCompleted, kCancelled };

const char* campaignStateName(CampaignState state);
std::optional<CampaignState> parseCampaignState(std::string_view name);

struct CampaignRecord {
  std::int64_t id = 0;
  std::string name;
  CampaignState state = CampaignState::kDraft;
  std::string entityType;
  std::int64_t selectionId = 0;
  std::int64_t templateId = 0;  // 0: `body` is sent as it is
  std::string body;
  std::string from;          // the sender; empty: the routing table's
  std::string fromInstance;  // the instance `from` belongs to; empty: routed
  Priority priority = Priority::kBulk;
  std::int64_t startsAt = 0;
  std::int64_t endsAt = 0;  // 0: none
  int quietFrom = -1;       // minutes after local midnight; -1: no quiet hours
  int quietTo = -1;
  std::string timeZone;   // for recipients whose own zone is not known
  int ratePerSecond = 0;  // 0: as fast as the provider takes them
  std::string author;
  std::int64_t authorId = 0;  // its messages are this user's
  std::int64_t createdAt = 0;
  std::int64_t updatedAt = 0;
  std::int64_t startedAt = 0;
  std::optional<std::int64_t> frozenAfter;  // set while freezing: the last row id frozen
  std::int64_t frozenAt = 0;
  std::int64_t finishedAt = 0;
  std::vector<std::string> zones;
  std::int64_t recipients = 0;
  std::int64_t queued = 0;
  std::map<std::string, std::int64_t> skipped;  // reason -> recipients
  std::int64_t inboundAfter = 0;
  std::string lastError;

  std::int64_t skippedTotal() const;
  // Rows of the frozen list not yet queued nor skipped.
  std::int64_t waiting() const { return recipients - queued - skippedTotal(); }
};

struct CampaignRecipient {
  std::int64_t entityId = 0;
  std::string to;
  int zone = 0;
  std::string body;  // empty: the campaign's
};

class CampaignRepository {
public:
  static std::vector<CampaignRecord> all(Connection& c);
  // Campaigns a scheduler works on: scheduled, running.
  static std::vector<CampaignRecord> active(Connection& c);
  static std::optional<CampaignRecord> find(Connection& c, std::int64_t id);
  static std::optional<CampaignRecord> findForUpdate(Connection& c, std::int64_t id);
  static std::optional<std::int64_t> idByName(Connection& c, const std::string& name);
  static std::int64_t insert(Connection& c, const CampaignRecord& r, std::int64_t now);
  // What the author set (name, selection, text, sender, schedule, rate).
  static void updateDefinition(Connection& c, const CampaignRecord& r, std::int64_t now);
  static bool remove(Connection& c, std::int64_t id);  // with its recipients
  // Moves the campaign to `to` if it is in one of `from`; false if it was not.
  static bool setState(Connection& c, std::int64_t id, const std::vector<CampaignState>& from,
                       CampaignState to, std::int64_t now);
  // Running from now: the freeze begins after row 0.
  static void markStarted(Connection& c, std::int64_t id, std::int64_t now,
                          std::int64_t inboundAfter);
  // What a freeze step or a feed step changed: the cursor (unless nullopt), the zones, the
  // counters. Written whole: one host changes them at a time (the scheduler's lease).
  static void saveProgress(Connection& c, const CampaignRecord& r, std::int64_t now);
  static void finish(Connection& c, std::int64_t id, CampaignState to, std::int64_t now);

  // Adds recipients, leaving out numbers the campaign has already; returns how many it added.
  static std::int64_t addRecipients(Connection& c, std::int64_t campaignId,
                                    const std::vector<CampaignRecipient>& recipients);
  // The next waiting recipients of one zone, in row order.
  static std::vector<CampaignRecipient> waiting(Connection& c, std::int64_t campaignId, int zone,
                                                int limit);
  static void markQueued(Connection& c, std::int64_t campaignId,
                         const std::vector<std::int64_t>& entityIds);
  static void markSkipped(Connection& c, std::int64_t campaignId,
                          const std::vector<std::int64_t>& entityIds, const std::string& reason);
  // Every recipient still waiting becomes skipped for `reason`; returns how many.
  static std::int64_t skipWaiting(Connection& c, std::int64_t campaignId,
                                  const std::string& reason);
  // Takes back the campaign's messages no provider has seen yet (queued, never tried): they
  // are deleted and their recipients wait again. Returns how many.
  static std::int64_t withdrawQueued(Connection& c, std::int64_t campaignId);

  // The campaign's messages waiting in the outbox for a claim; and those not yet at a
  // provider (waiting or claimed).
  static std::int64_t queuedMessages(Connection& c, std::int64_t campaignId);
  static std::int64_t unsentMessages(Connection& c, std::int64_t campaignId);
  // The campaign's messages by status.
  static std::map<MessageStatus, std::int64_t> messageCounts(Connection& c,
                                                             std::int64_t campaignId);
  // Recipients who texted back since the start, and who opted out since then.
  static std::int64_t replied(Connection& c, const CampaignRecord& r);
  static std::int64_t optedOutSince(Connection& c, const CampaignRecord& r);
};

}  // namespace pigeon::db
