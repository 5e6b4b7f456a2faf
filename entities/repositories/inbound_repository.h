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
};

struct InboundFilter {
  std::string from;                      // exact E.164; empty = any
  std::optional<std::int64_t> beforeId;  // cursor
  int limit = 100;
};

class InboundRepository {
public:
  // Returns the ids given, in order.
  std::vector<std::int64_t> insertAll(Connection& c, const std::vector<InboundRecord>& messages);
  std::vector<InboundRecord> list(Connection& c, const InboundFilter& filter);
};

}  // namespace pigeon::db
