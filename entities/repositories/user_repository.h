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
};

class UserRepository {
public:
  std::int64_t count(Connection& c);
  std::int64_t create(Connection& c, const std::string& name, const std::string& passwordHash,
                      const std::vector<std::string>& rights, std::int64_t now);
  std::optional<UserRecord> findByName(Connection& c, const std::string& name);
  std::optional<UserRecord> findById(Connection& c, std::int64_t id);

  std::int64_t addApiKey(Connection& c, std::int64_t userId, const std::string& tokenHash,
                         const std::string& label, std::int64_t now);
  // The live key's owner, if the hash matches a key that was not revoked.
  std::optional<UserRecord> findByApiKeyHash(Connection& c, const std::string& tokenHash);
};

}  // namespace pigeon::db
