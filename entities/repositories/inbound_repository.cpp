#include "repositories/inbound_repository.h"

namespace pigeon::db {

std::vector<std::int64_t> InboundRepository::insertAll(Connection& c,
                                                       const std::vector<InboundRecord>& messages) {
  std::vector<std::int64_t> ids;
  ids.reserve(messages.size());
  for (const auto& m : messages) {
    c.execute(
        "INSERT INTO inbound_messages (instance, from_number, to_number, body,"
        " provider_message_id, received_at) VALUES (?, ?, ?, ?, ?, ?)",
        {m.instance, m.from, m.to, m.body,
         m.providerMessageId.empty() ? Value{} : Value{m.providerMessageId}, m.receivedAt});
    ids.push_back(c.lastInsertId());
  }
  return ids;
}

std::vector<InboundRecord> InboundRepository::list(Connection& c, const InboundFilter& f) {
  std::string sql =
      "SELECT id, instance, from_number, to_number, body, provider_message_id, received_at"
      " FROM inbound_messages WHERE 1 = 1";
  Params p;
  if (!f.from.empty()) {
    sql += " AND from_number = ?";
    p.emplace_back(f.from);
  }
  if (f.beforeId) {
    sql += " AND id < ?";
    p.emplace_back(*f.beforeId);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  std::vector<InboundRecord> out;
  for (const auto& r : c.query(sql, p).rows)
    out.push_back({asInt(r[0]), asString(r[1]), asString(r[2]), asString(r[3]), asString(r[4]),
                   asString(r[5]), asInt(r[6])});
  return out;
}

}  // namespace pigeon::db
