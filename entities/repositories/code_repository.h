#pragma once
// One-time codes by number and purpose: a hash, an expiry, the failed attempts, and whether
// it was used (or replaced by a newer code).

#include <cstdint>
#include <optional>
#include <string>

#include "db/connection.h"

namespace pigeon::db {

struct CodeRecord {
  std::int64_t id = 0;
  std::string codeHash;
  std::int64_t expiresAt = 0;
  int attempts = 0;
  std::int64_t usedAt = 0;  // 0: still open
};

class CodeRepository {
public:
  // Stores a new code and closes the number's open codes for the purpose.
  static std::int64_t issue(Connection& c, const std::string& phone, const std::string& purpose,
                            const std::string& codeHash, std::int64_t now, std::int64_t expiresAt);
  static std::int64_t issuedSince(Connection& c, const std::string& phone, std::int64_t since);
  static std::optional<CodeRecord> latest(Connection& c, const std::string& phone,
                                          const std::string& purpose);
  static void countAttempt(Connection& c, std::int64_t id);
  static void markUsed(Connection& c, std::int64_t id, std::int64_t now);
};

}  // namespace pigeon::db
