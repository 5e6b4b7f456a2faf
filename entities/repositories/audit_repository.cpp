#include "repositories/audit_repository.h"

namespace pigeon::db {

namespace {

Value orNull(const std::string& s) { return s.empty() ? Value() : Value(s); }

}  // namespace

void AuditRepository::append(Connection& c, const AuditEntry& e) {
  c.execute(
      "INSERT INTO audit_log (at, user_id, user_name, action, target, before_value, after_value)"
      " VALUES (?, ?, ?, ?, ?, ?, ?)",
      {e.at, e.userId, e.userName, e.action, e.target, orNull(e.before), orNull(e.after)});
}

std::vector<AuditEntry> AuditRepository::list(Connection& c, std::optional<std::int64_t> beforeId,
                                              int limit) {
  std::string sql =
      "SELECT id, at, user_id, user_name, action, target, before_value, after_value"
      " FROM audit_log";
  Params params;
  if (beforeId) {
    sql += " WHERE id < ?";
    params.push_back(*beforeId);
  }
  sql += " ORDER BY id DESC LIMIT " + std::to_string(limit);
  std::vector<AuditEntry> out;
  for (const auto& r : c.query(sql, params).rows)
    out.push_back({asInt(r[0]), asInt(r[1]), asInt(r[2]), asString(r[3]), asString(r[4]),
                   asString(r[5]), asString(r[6]), asString(r[7])});
  return out;
}

}  // namespace pigeon::db
