#pragma once
// The outbox and the message timeline. Every method runs on the caller's connection and
// inside the caller's transaction, so a writer can group many calls into one commit.

#include <map>
#include <optional>
#include <vector>

#include "db/connection.h"
#include "repositories/message_records.h"

namespace pigeon::db {

class MessageRepository {
public:
  // Queues messages; a reference already used by the same user returns the first message.
  std::vector<InsertOutcome> insert(Connection& c, const std::vector<NewMessage>& messages,
                                    std::int64_t now);

  // Claims up to `limit` due messages of one priority lane under a lease.
  std::vector<ClaimedMessage> claim(Connection& c, Priority lane, int limit, std::int64_t now,
                                    std::int64_t leaseUntil, const std::string& owner);

  // Applies one state change and records it in the timeline. Returns false when the message
  // is missing or already final (a late or repeated report), in which case nothing changes.
  bool apply(Connection& c, const Transition& t, std::int64_t now);
  // Resolves a report addressed by the provider's id; false when no message matches.
  bool applyProviderReport(Connection& c, const ProviderReport& r, std::int64_t now);

  // Crash recovery: messages claimed by `owner` (or by anyone whose lease ran out) go back to
  // the queue. They may have reached the provider, so the timeline says so.
  int requeueLeases(Connection& c, const std::string& owner, std::int64_t now);
  // Messages submitted before `submittedBefore` with no report end as expired.
  int expireUnreported(Connection& c, std::int64_t submittedBefore, std::int64_t now);

  std::optional<MessageRecord> find(Connection& c, std::int64_t id);
  std::vector<MessageRecord> list(Connection& c, const MessageFilter& filter);
  std::map<MessageStatus, std::int64_t> countByStatus(Connection& c);
  std::optional<std::int64_t> nextDueAt(Connection& c);

private:
  void addEvent(Connection& c, std::int64_t id, std::int64_t at, MessageStatus status,
                const std::string& provider, const std::string& providerMessageId,
                const std::string& errorCode, const std::string& detail);
};

}  // namespace pigeon::db
