#pragma once
// Inbound SMS (mobile originated) as providers reported them, newest first when listed.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"

namespace pigeon::db {

struct InboundRecord {
  std::int64_t id = 0;
  std::string instance;
  std::string from;
  std::string to;
  std::string body;
  std::string providerMessageId;
  std::int64_t receivedAt = 0;
  // What the keyword engine made of it (handledAt 0: not yet).
  std::string entityType;  // the sender's entity, if a row's phone matched
  std::int64_t entityId = 0;
  std::int64_t ruleId = 0;  // the keyword rule that matched, 0 for none
  std::string outcome;      // what the rule's handler did, or why not
  std::int64_t handledAt = 0;
  std::string ruleName;     // read only: the rule's name now
  std::int64_t userId = 0;  // whose inbox it is in (0: nobody's but the admins')
};

struct InboundOutcome {
  std::int64_t id = 0;
  std::string entityType;
  std::int64_t entityId = 0;
  std::int64_t ruleId = 0;
  std::string outcome;
  std::int64_t handledAt = 0;
  std::int64_t userId = 0;
};

struct InboundFilter {
  std::string from;                      // exact E.164; empty = any
  std::optional<std::int64_t> userId;    // one user's inbox; nullopt = everyone's
  std::optional<std::int64_t> beforeId;  // cursor
  int limit = 100;
};

class InboundRepository {
public:
  // Returns the ids given, in order.
  std::vector<std::int64_t> insertAll(Connection& c, const std::vector<InboundRecord>& messages);
  std::vector<InboundRecord> list(Connection& c, const InboundFilter& filter);
  void markHandled(Connection& c, const std::vector<InboundOutcome>& outcomes);
  // Stored but not handled (the host stopped before the keyword engine got to them), oldest
  // first, received at or after `since`.
  std::vector<InboundRecord> unhandled(Connection& c, std::int64_t since, int limit);
};

}  // namespace pigeon::db
