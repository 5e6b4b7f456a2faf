#pragma once
// Admin site login sessions. Only a SHA-256 of the session cookie is stored, so a copy of the
// database cannot be used to log in.

#include <cstdint>
#include <optional>
#include <string>

#include "db/connection.h"

namespace pigeon::db {

struct SessionRecord {
  std::int64_t id = 0;
  std::int64_t userId = 0;
  std::string csrf;  // the token every form of this session carries
  std::int64_t createdAt = 0;
  std::int64_t expiresAt = 0;
};

class SessionRepository {
public:
  void create(Connection& c, const std::string& tokenHash, std::int64_t userId,
              const std::string& csrf, std::int64_t now, std::int64_t expiresAt);
  std::optional<SessionRecord> find(Connection& c, const std::string& tokenHash);
  void extend(Connection& c, std::int64_t id, std::int64_t expiresAt);
  void remove(Connection& c, const std::string& tokenHash);
  // Ends every session of a user (their rights or password changed).
  void removeForUser(Connection& c, std::int64_t userId);
  void removeExpired(Connection& c, std::int64_t now);
};

}  // namespace pigeon::db
