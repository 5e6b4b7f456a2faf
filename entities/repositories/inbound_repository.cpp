#include "repositories/inbound_repository.h"

#include <iterator>

#include "db/sql_batches.h"

namespace pigeon::db {

namespace {

constexpr const char* kInsert =
    "INSERT INTO inbound_messages (instance, from_number, to_number, body,"
    " provider_message_id, received_at) VALUES ";
constexpr std::size_t kInsertColumns = 6;
constexpr std::size_t kChunk = 256;

void appendInsertParams(Params& p, const InboundRecord& m) {
  p.insert(p.end(),
           {m.instance, m.from, m.to, m.body,
            m.providerMessageId.empty() ? Value{} : Value{m.providerMessageId}, m.receivedAt});
}

}  // namespace

// Many rows in one statement where the store hands out their ids consecutively (one round
// trip per chunk instead of two per row on MariaDB); else one by one.
std::vector<std::int64_t> InboundRepository::insertAll(Connection& c,
                                                       const std::vector<InboundRecord>& messages) {
  std::vector<std::int64_t> ids;
  ids.reserve(messages.size());
  if (messages.size() == 1 || !c.consecutiveInsertIds()) {
    for (const auto& m : messages) {
      Params p;
      appendInsertParams(p, m);
      ids.push_back(c.insert(std::string(kInsert) + rowPlaceholders(1, kInsertColumns), p));
    }
    return ids;
  }
  forEachChunk(messages.size(), kChunk, [&](std::size_t offset, std::size_t size) {
    Params p;
    p.reserve(size * kInsertColumns);
    for (std::size_t i = 0; i < size; ++i) appendInsertParams(p, messages[offset + i]);
    const auto first = c.insert(std::string(kInsert) + rowPlaceholders(size, kInsertColumns), p);
    for (std::size_t i = 0; i < size; ++i) ids.push_back(first + static_cast<std::int64_t>(i));
  });
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

namespace {

Params outcomeParams(const InboundOutcome& o) {
  return {o.entityType.empty() ? Value{} : Value{o.entityType},
          o.entityId ? Value{o.entityId} : Value{},
          o.ruleId ? Value{o.ruleId} : Value{},
          o.outcome,
          o.handledAt,
          o.userId ? Value{o.userId} : Value{}};
}

constexpr const char* kOutcomeColumns[] = {"entity_type", "entity_id",  "rule_id",
                                           "outcome",     "handled_at", "user_id"};

}  // namespace

// SQLite in process: a statement per row is cheapest. A server: one statement per chunk,
// each column set by CASE on the id, so a batch costs one round trip.
void InboundRepository::markHandled(Connection& c, const std::vector<InboundOutcome>& outcomes) {
  if (c.dialect().prefersRowStatements() || outcomes.size() == 1) {
    for (const auto& o : outcomes) {
      auto p = outcomeParams(o);
      p.emplace_back(o.id);
      c.execute(
          "UPDATE inbound_messages SET entity_type = ?, entity_id = ?, rule_id = ?, outcome = ?,"
          " handled_at = ?, user_id = ? WHERE id = ?",
          p);
    }
    return;
  }
  forEachChunk(outcomes.size(), kChunk, [&](std::size_t offset, std::size_t size) {
    std::vector<Params> rows;
    for (std::size_t i = 0; i < size; ++i) rows.push_back(outcomeParams(outcomes[offset + i]));
    std::string sql = "UPDATE inbound_messages SET ";
    Params p;
    for (std::size_t col = 0; col < std::size(kOutcomeColumns); ++col) {
      sql += std::string(col ? ", " : "") + kOutcomeColumns[col] + " = CASE id";
      for (std::size_t i = 0; i < size; ++i) {
        sql += " WHEN ? THEN ?";
        p.emplace_back(outcomes[offset + i].id);
        p.push_back(rows[i][col]);
      }
      sql += " END";
    }
    sql += " WHERE id IN (" + placeholders(size) + ")";
    for (std::size_t i = 0; i < size; ++i) p.emplace_back(outcomes[offset + i].id);
    c.execute(sql, p);
  });
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
