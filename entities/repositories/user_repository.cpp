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

constexpr const char* kColumns =
    "u.id, u.name, u.password_hash, u.rights, u.disabled, u.role, u.failed_logins,"
    " u.locked_until, u.created_at";

UserRecord readRow(const std::vector<Value>& r) {
  return UserRecord{asInt(r[0]),
                    asString(r[1]),
                    asString(r[2]),
                    splitRights(asString(r[3])),
                    asInt(r[4]) != 0,
                    asString(r[5]),
                    static_cast<int>(asInt(r[6])),
                    asInt(r[7], 0),
                    asInt(r[8])};
}

std::optional<UserRecord> readOne(const Rows& rows) {
  if (rows.empty()) return std::nullopt;
  return readRow(rows.rows[0]);
}

}  // namespace

std::int64_t UserRepository::count(Connection& c) {
  return asInt(c.query("SELECT COUNT(*) FROM users", {}).rows.at(0).at(0));
}

std::int64_t UserRepository::create(Connection& c, const std::string& name,
                                    const std::string& passwordHash,
                                    const std::vector<std::string>& rights, std::int64_t now,
                                    const std::string& role) {
  return c.insert(
      "INSERT INTO users (name, password_hash, rights, disabled, created_at, role)"
      " VALUES (?, ?, ?, 0, ?, ?)",
      {name, passwordHash, joinRights(rights), now, role});
}

std::optional<UserRecord> UserRepository::findByName(Connection& c, const std::string& name) {
  return readOne(
      c.query(std::string("SELECT ") + kColumns + " FROM users u WHERE u.name = ?", {name}));
}

std::optional<UserRecord> UserRepository::findById(Connection& c, std::int64_t id) {
  return readOne(c.query(std::string("SELECT ") + kColumns + " FROM users u WHERE u.id = ?", {id}));
}

std::vector<UserRecord> UserRepository::list(Connection& c) {
  std::vector<UserRecord> out;
  for (const auto& r :
       c.query(std::string("SELECT ") + kColumns + " FROM users u ORDER BY u.name", {}).rows)
    out.push_back(readRow(r));
  return out;
}

void UserRepository::updateAccess(Connection& c, std::int64_t id, const std::string& role,
                                  const std::vector<std::string>& rights, bool disabled) {
  c.execute("UPDATE users SET role = ?, rights = ?, disabled = ? WHERE id = ?",
            {role, joinRights(rights), std::int64_t{disabled ? 1 : 0}, id});
}

void UserRepository::setPassword(Connection& c, std::int64_t id, const std::string& passwordHash) {
  c.execute(
      "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL"
      " WHERE id = ?",
      {passwordHash, id});
}

void UserRepository::recordLoginFailure(Connection& c, std::int64_t id, int maxFailures,
                                        std::int64_t now, std::int64_t lockUntil) {
  // locked_until is assigned first: MySQL evaluates assignments left to right with the new
  // values, SQLite with the old ones; in this order both read the old failed_logins.
  c.execute(
      "UPDATE users SET"
      " locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= ?"
      " THEN 0 ELSE failed_logins END) + 1 >= ? THEN ? ELSE locked_until END,"
      " failed_logins = (CASE WHEN locked_until IS NOT NULL AND locked_until <= ?"
      " THEN 0 ELSE failed_logins END) + 1"
      " WHERE id = ?",
      {now, std::int64_t{maxFailures}, lockUntil, now, id});
}

void UserRepository::clearLoginFailures(Connection& c, std::int64_t id) {
  c.execute("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?", {id});
}

std::vector<ApiKeyRecord> UserRepository::listApiKeys(Connection& c, std::int64_t userId) {
  std::vector<ApiKeyRecord> out;
  for (const auto& r : c.query("SELECT id, user_id, label, created_at, revoked_at FROM api_keys"
                               " WHERE user_id = ? ORDER BY id",
                               {userId})
                           .rows)
    out.push_back({asInt(r[0]), asInt(r[1]), asString(r[2]), asInt(r[3]), asInt(r[4], 0)});
  return out;
}

bool UserRepository::revokeApiKey(Connection& c, std::int64_t userId, std::int64_t keyId,
                                  std::int64_t now) {
  return c.execute(
             "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND user_id = ?"
             " AND revoked_at IS NULL",
             {now, keyId, userId}) == 1;
}

std::int64_t UserRepository::addApiKey(Connection& c, std::int64_t userId,
                                       const std::string& tokenHash, const std::string& label,
                                       std::int64_t now) {
  return c.insert(
      "INSERT INTO api_keys (user_id, token_hash, label, created_at) VALUES (?, ?, ?, ?)",
      {userId, tokenHash, label, now});
}

std::optional<UserRecord> UserRepository::findByApiKeyHash(Connection& c,
                                                           const std::string& tokenHash) {
  return readOne(c.query(std::string("SELECT ") + kColumns +
                             " FROM api_keys k JOIN users u ON u.id = k.user_id"
                             " WHERE k.token_hash = ? AND k.revoked_at IS NULL",
                         {tokenHash}));
}

}  // namespace pigeon::db
