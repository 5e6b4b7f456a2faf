#include "repositories/code_repository.h"

namespace pigeon::db {

std::int64_t CodeRepository::issue(Connection& c, const std::string& phone,
                                   const std::string& purpose, const std::string& codeHash,
                                   std::int64_t now, std::int64_t expiresAt) {
  c.execute(
      "UPDATE one_time_codes SET used_at = ? WHERE phone = ? AND purpose = ? AND used_at IS NULL",
      {now, phone, purpose});
  return c.insert(
      "INSERT INTO one_time_codes (phone, purpose, code_hash, created_at, expires_at)"
      " VALUES (?, ?, ?, ?, ?)",
      {phone, purpose, codeHash, now, expiresAt});
}

std::int64_t CodeRepository::issuedSince(Connection& c, const std::string& phone,
                                         std::int64_t since) {
  auto rows = c.query("SELECT COUNT(*) FROM one_time_codes WHERE phone = ? AND created_at >= ?",
                      {phone, since});
  return rows.empty() ? 0 : asInt(rows.rows[0][0]);
}

std::optional<CodeRecord> CodeRepository::latest(Connection& c, const std::string& phone,
                                                 const std::string& purpose) {
  auto rows = c.query(
      "SELECT id, code_hash, expires_at, attempts, used_at FROM one_time_codes"
      " WHERE phone = ? AND purpose = ? ORDER BY id DESC LIMIT 1",
      {phone, purpose});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows.rows.front();
  return CodeRecord{asInt(r[0]), asString(r[1]), asInt(r[2]), static_cast<int>(asInt(r[3])),
                    asInt(r[4])};
}

void CodeRepository::countAttempt(Connection& c, std::int64_t id) {
  c.execute("UPDATE one_time_codes SET attempts = attempts + 1 WHERE id = ?", {id});
}

void CodeRepository::markUsed(Connection& c, std::int64_t id, std::int64_t now) {
  c.execute("UPDATE one_time_codes SET used_at = ? WHERE id = ?", {now, id});
}

}  // namespace pigeon::db
