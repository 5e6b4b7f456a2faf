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

namespace {

constexpr const char* kSelect =
    "SELECT m.id, m.instance, m.from_number, m.to_number, m.body, m.provider_message_id,"
    " m.received_at, m.entity_type, m.entity_id, m.rule_id, m.outcome, m.handled_at, r.name,"
    " m.user_id"
    " FROM inbound_messages m LEFT JOIN keyword_rules r ON r.id = m.rule_id";

InboundRecord read(const std::vector<Value>& r) {
  return {asInt(r[0]),     asString(r[1]), asString(r[2]),  asString(r[3]), asString(r[4]),
          asString(r[5]),  asInt(r[6]),    asString(r[7]),  asInt(r[8]),    asInt(r[9]),
          asString(r[10]), asInt(r[11]),   asString(r[12]), asInt(r[13])};
}

}  // namespace

std::vector<InboundRecord> InboundRepository::list(Connection& c, const InboundFilter& f) {
  std::string sql = std::string(kSelect) + " WHERE 1 = 1";
  Params p;
  if (!f.from.empty()) {
    sql += " AND m.from_number = ?";
    p.emplace_back(f.from);
  }
  if (f.userId) {
    sql += " AND m.user_id = ?";
    p.emplace_back(*f.userId);
  }
  if (f.beforeId) {
    sql += " AND m.id < ?";
    p.emplace_back(*f.beforeId);
  }
  sql += " ORDER BY m.id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  std::vector<InboundRecord> out;
  for (const auto& r : c.query(sql, p).rows) out.push_back(read(r));
  return out;
}

void InboundRepository::markHandled(Connection& c, const std::vector<InboundOutcome>& outcomes) {
  for (const auto& o : outcomes)
    c.execute(
        "UPDATE inbound_messages SET entity_type = ?, entity_id = ?, rule_id = ?, outcome = ?,"
        " handled_at = ?, user_id = ? WHERE id = ?",
        {o.entityType.empty() ? Value{} : Value{o.entityType},
         o.entityId ? Value{o.entityId} : Value{}, o.ruleId ? Value{o.ruleId} : Value{}, o.outcome,
         o.handledAt, o.userId ? Value{o.userId} : Value{}, o.id});
}

std::vector<InboundRecord> InboundRepository::unhandled(Connection& c, std::int64_t since,
                                                        int limit) {
  std::vector<InboundRecord> out;
  auto rows =
      c.query(std::string(kSelect) +
                  " WHERE m.handled_at IS NULL AND m.received_at >= ? ORDER BY m.id LIMIT ?",
              {since, std::int64_t{limit}});
  for (const auto& r : rows.rows) out.push_back(read(r));
  return out;
}

}  // namespace pigeon::db
