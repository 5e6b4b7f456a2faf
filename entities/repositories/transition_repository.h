#pragma once
// Changes of a message's state. The usual path (submitted, delivered) is written in bulk and
// kept in columns of the message; only exceptional changes (retries, requeues) add rows to
// message_events. Runs inside the caller's transaction.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "db/connection.h"
#include "repositories/message_records.h"

namespace pigeon::db {

class TransitionRepository {
public:
  // One change. Returns false when the message is missing or may not leave its state (a late
  // or repeated report); then nothing changes.
  bool apply(Connection& c, const Transition& t, std::int64_t now);

  // Many messages one provider took: (message id, provider's id). Returns how many changed.
  std::int64_t markSubmitted(Connection& c, const std::string& provider,
                             const std::vector<std::pair<std::int64_t, std::string>>& accepted,
                             std::int64_t now);
  // Many messages reaching one final state with no error detail (delivery reports).
  std::int64_t markFinal(Connection& c, MessageStatus to, const std::vector<std::int64_t>& ids,
                         std::int64_t now);

  // A report addressed by the provider's id; false when no message matches.
  bool applyProviderReport(Connection& c, const ProviderReport& r, std::int64_t now);

  // Crash recovery: messages claimed by `owner`, or by anyone whose lease ran out, go back to
  // the queue (the interrupted send counts as an attempt; at maxAttempts they fail). They may
  // have reached the provider, so the timeline says so.
  // A failed message sent again by a person (the dead-letter list): back to the queue, due now,
  // its attempts counted afresh; the failure stays in the timeline as an event, and the requeue
  // is one naming `who`. False, changing nothing, unless the message was failed.
  bool requeueFailed(Connection& c, std::int64_t id, const std::string& who, std::int64_t now);
  int requeueLeases(Connection& c, const std::string& owner, int maxAttempts, std::int64_t now);
  // Messages submitted before `submittedBefore` with no report end as expired; returns how many.
  std::int64_t expireUnreported(Connection& c, std::int64_t submittedBefore, std::int64_t now);
};

}  // namespace pigeon::db
