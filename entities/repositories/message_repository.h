#pragma once
// The outbox: queueing, claiming, reading messages with their timelines. State changes are
// in TransitionRepository. Every method runs on the caller's connection and inside the
// caller's transaction, so a writer can group many calls into one commit.

#include <map>
#include <optional>
#include <vector>

#include "db/connection.h"
#include "repositories/message_records.h"

namespace pigeon::db {

class MessageRepository {
public:
  // Queues messages; a reference already used by the same user returns the first message.
  // With a lease, up to `lease->count` of the new rows are stored already claimed by
  // `lease->owner` (status 'sending'; their outcomes say `leased`): the dispatcher takes them
  // straight from the caller instead of claiming them back from the store.
  std::vector<InsertOutcome> insert(Connection& c, const std::vector<NewMessage>& messages,
                                    std::int64_t now, const InsertLease* lease = nullptr);

  // Claims up to `limit` due messages of one priority lane under a lease, and says whether
  // more are due or when the next one will be (one index range read answers all three).
  LaneClaim claim(Connection& c, Priority lane, int limit, std::int64_t now,
                  std::int64_t leaseUntil, const std::string& owner);

  std::optional<MessageRecord> find(Connection& c, std::int64_t id);
  MessagePage list(Connection& c, const MessageFilter& filter);
  std::map<MessageStatus, std::int64_t> countByStatus(Connection& c);
  // Messages not yet settled, by status name (queued, sending, submitted): one count over
  // each status's own index, never a scan of the table.
  std::map<std::string, std::int64_t> countUnsettled(Connection& c);

private:
  std::int64_t insertRejected(Connection& c, const NewMessage& m, std::int64_t now);
  std::int64_t insertOne(Connection& c, const NewMessage& m, std::int64_t now,
                         const InsertLease* lease);
  // The first `leased` rows of the batch are stored claimed under `lease`.
  void insertMany(Connection& c, const std::vector<const NewMessage*>& batch, std::int64_t now,
                  const InsertLease* lease, std::size_t leased, std::vector<std::int64_t>& ids);
};

}  // namespace pigeon::db
