#include "repositories/session_repository.h"

namespace pigeon::db {

void SessionRepository::create(Connection& c, const std::string& tokenHash, std::int64_t userId,
                               const std::string& csrf, std::int64_t now, std::int64_t expiresAt) {
  c.execute(
      "INSERT INTO admin_sessions (token_hash, user_id, csrf, created_at, expires_at)"
      " VALUES (?, ?, ?, ?, ?)",
      {tokenHash, userId, csrf, now, expiresAt});
}

std::optional<SessionRecord> SessionRepository::find(Connection& c, const std::string& tokenHash) {
  auto rows = c.query(
      "SELECT id, user_id, csrf, created_at, expires_at FROM admin_sessions WHERE token_hash = ?",
      {tokenHash});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows.rows[0];
  return SessionRecord{asInt(r[0]), asInt(r[1]), asString(r[2]), asInt(r[3]), asInt(r[4])};
}

void SessionRepository::extend(Connection& c, std::int64_t id, std::int64_t expiresAt) {
  c.execute("UPDATE admin_sessions SET expires_at = ? WHERE id = ?", {expiresAt, id});
}

void SessionRepository::remove(Connection& c, const std::string& tokenHash) {
  c.execute("DELETE FROM admin_sessions WHERE token_hash = ?", {tokenHash});
}

void SessionRepository::removeForUser(Connection& c, std::int64_t userId) {
  c.execute("DELETE FROM admin_sessions WHERE user_id = ?", {userId});
}

void SessionRepository::removeExpired(Connection& c, std::int64_t now) {
  c.execute("DELETE FROM admin_sessions WHERE expires_at < ?", {now});
}

}  // namespace pigeon::db
