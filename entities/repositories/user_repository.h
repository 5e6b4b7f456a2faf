#pragma once
// Users and their API keys.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"

namespace pigeon::db {

struct UserRecord {
  std::int64_t id = 0;
  std::string name;
  std::string passwordHash;  // argon2id string, self-describing
  std::vector<std::string> rights;
  bool disabled = false;
  std::string role;
  int failedLogins = 0;
  std::int64_t lockedUntil = 0;  // ms since the epoch; 0 = not locked
  std::int64_t createdAt = 0;
};

struct ApiKeyRecord {
  std::int64_t id = 0;
  std::int64_t userId = 0;
  std::string label;
  std::int64_t createdAt = 0;
  std::int64_t revokedAt = 0;  // 0 = live
};

class UserRepository {
public:
  std::int64_t count(Connection& c);
  std::int64_t create(Connection& c, const std::string& name, const std::string& passwordHash,
                      const std::vector<std::string>& rights, std::int64_t now,
                      const std::string& role = "custom");
  std::optional<UserRecord> findByName(Connection& c, const std::string& name);
  std::optional<UserRecord> findById(Connection& c, std::int64_t id);
  std::vector<UserRecord> list(Connection& c);

  void updateAccess(Connection& c, std::int64_t id, const std::string& role,
                    const std::vector<std::string>& rights, bool disabled);
  void setPassword(Connection& c, std::int64_t id, const std::string& passwordHash);
  // Lockout bookkeeping for the admin login. A failure is counted in the statement itself, so
  // guesses sent in parallel each count; the count starts again after a lock has run out; the
  // failure that reaches maxFailures locks until lockUntil.
  void recordLoginFailure(Connection& c, std::int64_t id, int maxFailures, std::int64_t now,
                          std::int64_t lockUntil);
  void clearLoginFailures(Connection& c, std::int64_t id);

  std::int64_t addApiKey(Connection& c, std::int64_t userId, const std::string& tokenHash,
                         const std::string& label, std::int64_t now);
  // The live key's owner, if the hash matches a key that was not revoked.
  std::optional<UserRecord> findByApiKeyHash(Connection& c, const std::string& tokenHash);
  std::vector<ApiKeyRecord> listApiKeys(Connection& c, std::int64_t userId);
  // Returns false when the user has no live key with that id.
  bool revokeApiKey(Connection& c, std::int64_t userId, std::int64_t keyId, std::int64_t now);
};

}  // namespace pigeon::db
