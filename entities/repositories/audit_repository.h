#pragma once
// The audit log: every change made through the admin site or the management API, with who
// made it and the value before and after (secrets already masked by the caller).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"

namespace pigeon::db {

struct AuditEntry {
  std::int64_t id = 0;
  std::int64_t at = 0;
  std::int64_t userId = 0;
  std::string userName;
  std::string action;  // e.g. "provider.add", "user.update"
  std::string target;  // e.g. "sim1", "operator1"
  std::string before;  // JSON, empty when there was nothing before
  std::string after;   // JSON, empty when nothing is left after
};

class AuditRepository {
public:
  void append(Connection& c, const AuditEntry& entry);
  // Newest first; beforeId pages backwards.
  std::vector<AuditEntry> list(Connection& c, std::optional<std::int64_t> beforeId, int limit);
};

}  // namespace pigeon::db
