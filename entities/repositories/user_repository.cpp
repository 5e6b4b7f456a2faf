#include "repositories/user_repository.h"

#include <sstream>

namespace pigeon::db {

namespace {

// Rights are stored as one space-separated list: they are few and always read together.
std::string joinRights(const std::vector<std::string>& rights) {
  std::string out;
  for (const auto& r : rights) out += (out.empty() ? "" : " ") + r;
  return out;
}

std::vector<std::string> splitRights(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string r; in >> r;) out.push_back(r);
  return out;
}

constexpr const char* kColumns = "u.id, u.name, u.password_hash, u.rights, u.disabled";

std::optional<UserRecord> readOne(const Rows& rows) {
  if (rows.empty()) return std::nullopt;
  const auto& r = rows.rows[0];
  return UserRecord{asInt(r[0]), asString(r[1]), asString(r[2]), splitRights(asString(r[3])),
                    asInt(r[4]) != 0};
}

}  // namespace

std::int64_t UserRepository::count(Connection& c) {
  return asInt(c.query("SELECT COUNT(*) FROM users", {}).rows.at(0).at(0));
}

std::int64_t UserRepository::create(Connection& c, const std::string& name,
                                    const std::string& passwordHash,
                                    const std::vector<std::string>& rights, std::int64_t now) {
  c.execute(
      "INSERT INTO users (name, password_hash, rights, disabled, created_at)"
      " VALUES (?, ?, ?, 0, ?)",
      {name, passwordHash, joinRights(rights), now});
  return c.lastInsertId();
}

std::optional<UserRecord> UserRepository::findByName(Connection& c, const std::string& name) {
  return readOne(
      c.query(std::string("SELECT ") + kColumns + " FROM users u WHERE u.name = ?", {name}));
}

std::optional<UserRecord> UserRepository::findById(Connection& c, std::int64_t id) {
  return readOne(c.query(std::string("SELECT ") + kColumns + " FROM users u WHERE u.id = ?", {id}));
}

std::int64_t UserRepository::addApiKey(Connection& c, std::int64_t userId,
                                       const std::string& tokenHash, const std::string& label,
                                       std::int64_t now) {
  c.execute("INSERT INTO api_keys (user_id, token_hash, label, created_at) VALUES (?, ?, ?, ?)",
            {userId, tokenHash, label, now});
  return c.lastInsertId();
}

std::optional<UserRecord> UserRepository::findByApiKeyHash(Connection& c,
                                                           const std::string& tokenHash) {
  return readOne(c.query(std::string("SELECT ") + kColumns +
                             " FROM api_keys k JOIN users u ON u.id = k.user_id"
                             " WHERE k.token_hash = ? AND k.revoked_at IS NULL",
                         {tokenHash}));
}

}  // namespace pigeon::db
