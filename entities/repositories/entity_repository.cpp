#include "repositories/entity_repository.h"

#include <algorithm>

#include "db/sql_batches.h"
#include "schema/entity_tables.h"

namespace pigeon::entity {

namespace {

std::string selectColumns(const EntityType& type) {
  std::string sql = "SELECT id, external_id, created_at, updated_at";
  for (const auto& f : type.fields) sql += ", " + EntityTables::column(f);
  return sql + " FROM " + EntityTables::table(type);
}

EntityRecord readRecord(std::vector<db::Value>& row) {
  EntityRecord r;
  r.id = db::asInt(row[0]);
  r.externalId = db::asString(row[1]);
  r.createdAt = db::asInt(row[2]);
  r.updatedAt = db::asInt(row[3]);
  r.values.assign(std::make_move_iterator(row.begin() + 4), std::make_move_iterator(row.end()));
  return r;
}

// LIKE's wildcards in a prefix are matched as themselves ('!' escapes: a backslash means
// different things to the two stores).
std::string likePrefix(const std::string& prefix) {
  std::string out;
  for (char ch : prefix) {
    if (ch == '%' || ch == '_' || ch == '!') out += '!';
    out += ch;
  }
  return out + "%";
}

std::string whereClause(const std::vector<EntityFilter>& filters, db::Params& params) {
  std::string sql;
  for (const auto& f : filters) {
    sql += sql.empty() ? " WHERE " : " AND ";
    const auto column = EntityTables::column(*f.field);
    if (db::isNull(f.value)) {
      sql += column + " IS NULL";
    } else if (f.op == EntityFilter::Op::kPrefix) {
      sql += column + " LIKE ? ESCAPE '!'";
      params.push_back(likePrefix(db::asString(f.value)));
    } else if (f.op == EntityFilter::Op::kAtLeast) {
      sql += column + " >= ?";
      params.push_back(f.value);
    } else {
      sql += column + " = ?";
      params.push_back(f.value);
    }
  }
  return sql;
}

}  // namespace

std::int64_t EntityRepository::insert(db::Connection& c, const EntityType& type,
                                      const std::string& externalId, const FieldValues& values,
                                      std::int64_t now) {
  std::string columns = "external_id, created_at, updated_at", marks = "?, ?, ?";
  db::Params params{externalId.empty() ? db::Value{} : db::Value{externalId}, now, now};
  for (const auto& [field, value] : values) {
    columns += ", " + EntityTables::column(*field);
    marks += ", ?";
    params.push_back(value);
  }
  return c.insert(
      "INSERT INTO " + EntityTables::table(type) + " (" + columns + ") VALUES (" + marks + ")",
      params);
}

bool EntityRepository::update(db::Connection& c, const EntityType& type, std::int64_t id,
                              const FieldValues& values, std::int64_t now) {
  std::string sets = "updated_at = ?";
  db::Params params{now};
  for (const auto& [field, value] : values) {
    sets += ", " + EntityTables::column(*field) + " = ?";
    params.push_back(value);
  }
  params.push_back(id);
  // MySQL counts rows changed, not matched: the updated_at stamp makes every match a change.
  return c.execute("UPDATE " + EntityTables::table(type) + " SET " + sets + " WHERE id = ?",
                   params) > 0 ||
         exists(c, type, id);
}

void EntityRepository::setExternalId(db::Connection& c, const EntityType& type, std::int64_t id,
                                     const std::string& externalId) {
  c.execute("UPDATE " + EntityTables::table(type) + " SET external_id = ? WHERE id = ?",
            {externalId, id});
}

bool EntityRepository::remove(db::Connection& c, const EntityType& type, std::int64_t id) {
  return c.execute("DELETE FROM " + EntityTables::table(type) + " WHERE id = ?", {id}) > 0;
}

void EntityRepository::clearReferences(db::Connection& c, const EntityType& type,
                                       const Field& field, std::int64_t id) {
  const auto column = EntityTables::column(field);
  c.execute(
      "UPDATE " + EntityTables::table(type) + " SET " + column + " = NULL WHERE " + column + " = ?",
      {id});
}

std::vector<std::int64_t> EntityRepository::insertMany(
    db::Connection& c, const EntityType& type, const std::vector<const Field*>& fields,
    const std::vector<std::pair<std::string, std::vector<db::Value>>>& rows, std::int64_t now) {
  std::vector<std::int64_t> ids;
  ids.reserve(rows.size());
  const std::size_t columns = fields.size() + 3;
  std::string head =
      "INSERT INTO " + EntityTables::table(type) + " (external_id, created_at, updated_at";
  for (const auto* f : fields) head += ", " + EntityTables::column(*f);
  head += ") VALUES ";
  // Both stores take at least 32 766 parameters a statement.
  const std::size_t chunk = std::max<std::size_t>(1, std::min<std::size_t>(256, 32000 / columns));
  const bool bulk = c.consecutiveInsertIds();
  db::forEachChunk(rows.size(), bulk ? chunk : 1, [&](std::size_t offset, std::size_t size) {
    db::Params p;
    p.reserve(size * columns);
    for (std::size_t i = offset; i < offset + size; ++i) {
      const auto& [externalId, values] = rows[i];
      p.push_back(externalId.empty() ? db::Value{} : db::Value{externalId});
      p.push_back(now);
      p.push_back(now);
      p.insert(p.end(), values.begin(), values.end());
    }
    const auto first = c.insert(head + db::rowPlaceholders(size, columns), p);
    for (std::size_t i = 0; i < size; ++i) ids.push_back(first + static_cast<std::int64_t>(i));
  });
  return ids;
}

std::map<std::string, std::int64_t> EntityRepository::idsOf(
    db::Connection& c, const EntityType& type, const std::vector<std::string>& externalIds) {
  std::map<std::string, std::int64_t> out;
  db::forEachChunk(externalIds.size(), 512, [&](std::size_t offset, std::size_t size) {
    db::Params p(externalIds.begin() + offset, externalIds.begin() + offset + size);
    auto rows = c.query("SELECT external_id, id FROM " + EntityTables::table(type) +
                            " WHERE external_id IN (" + db::placeholders(size) + ")",
                        p);
    for (const auto& r : rows.rows) out[db::asString(r[0])] = db::asInt(r[1]);
  });
  return out;
}

std::set<std::int64_t> EntityRepository::existing(db::Connection& c, const EntityType& type,
                                                  const std::vector<std::int64_t>& ids) {
  std::set<std::int64_t> out;
  db::forEachIdChunk(ids, 512, [&](const db::Params& chunk, const std::string& marks) {
    auto rows = c.query(
        "SELECT id FROM " + EntityTables::table(type) + " WHERE id IN (" + marks + ")", chunk);
    for (const auto& r : rows.rows) out.insert(db::asInt(r[0]));
  });
  return out;
}

std::optional<EntityRecord> EntityRepository::find(db::Connection& c, const EntityType& type,
                                                   std::int64_t id) {
  auto rows = c.query(selectColumns(type) + " WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return readRecord(rows.rows.front());
}

std::optional<EntityRecord> EntityRepository::findForUpdate(db::Connection& c,
                                                            const EntityType& type,
                                                            std::int64_t id) {
  auto rows = c.query(selectColumns(type) + " WHERE id = ?" + c.dialect().rowLockSuffix(), {id});
  if (rows.empty()) return std::nullopt;
  return readRecord(rows.rows.front());
}

std::optional<std::int64_t> EntityRepository::idOf(db::Connection& c, const EntityType& type,
                                                   const std::string& externalId) {
  auto rows = c.query("SELECT id FROM " + EntityTables::table(type) + " WHERE external_id = ?",
                      {externalId});
  if (rows.empty()) return std::nullopt;
  return db::asInt(rows.rows.front().front());
}

bool EntityRepository::exists(db::Connection& c, const EntityType& type, std::int64_t id) {
  return !c.query("SELECT 1 FROM " + EntityTables::table(type) + " WHERE id = ?", {id}).empty();
}

std::optional<EntityRepository::Held> EntityRepository::firstHolding(
    db::Connection& c, const std::vector<Holder>& holders, const db::Value& value) {
  if (holders.empty()) return std::nullopt;
  // Each arm yields one row (MAX over no rows is NULL), so the outer ORDER BY only ranks
  // the types; MAX(id) over an indexed column is read from the index alone.
  std::string arms;
  db::Params params;
  for (std::size_t i = 0; i < holders.size(); ++i) {
    arms += (i ? " UNION ALL " : "") + std::string("SELECT ") + std::to_string(i) +
            " AS k, MAX(id) AS id FROM " + EntityTables::table(*holders[i].type) + " WHERE " +
            EntityTables::column(*holders[i].field) + " = ?";
    params.push_back(value);
  }
  auto rows = c.query(
      "SELECT k, id FROM (" + arms + ") AS held WHERE id IS NOT NULL ORDER BY k LIMIT 1", params);
  if (rows.empty()) return std::nullopt;
  return Held{static_cast<std::size_t>(db::asInt(rows.rows[0][0])), db::asInt(rows.rows[0][1])};
}

std::vector<EntityRecord> EntityRepository::list(db::Connection& c, const EntityType& type,
                                                 const std::vector<EntityFilter>& filters,
                                                 std::int64_t afterId, int limit) {
  db::Params params;
  auto where = whereClause(filters, params);
  where += where.empty() ? " WHERE id > ?" : " AND id > ?";
  params.push_back(afterId);
  params.push_back(std::int64_t{limit});
  auto rows = c.query(selectColumns(type) + where + " ORDER BY id LIMIT ?", params);
  std::vector<EntityRecord> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows) out.push_back(readRecord(r));
  return out;
}

std::vector<EntityRecord> EntityRepository::listOrdered(db::Connection& c, const EntityType& type,
                                                        const std::vector<EntityFilter>& filters,
                                                        const Field* orderBy, bool descending,
                                                        int limit) {
  db::Params params;
  auto where = whereClause(filters, params);
  params.push_back(std::int64_t{limit});
  const std::string direction = descending ? " DESC" : "";
  const auto order =
      orderBy ? EntityTables::column(*orderBy) + direction + ", id" + direction : "id" + direction;
  auto rows = c.query(selectColumns(type) + where + " ORDER BY " + order + " LIMIT ?", params);
  std::vector<EntityRecord> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows) out.push_back(readRecord(r));
  return out;
}

std::int64_t EntityRepository::count(db::Connection& c, const EntityType& type,
                                     const std::vector<EntityFilter>& filters) {
  db::Params params;
  const auto where = whereClause(filters, params);
  return db::asInt(c.query("SELECT COUNT(*) FROM " + EntityTables::table(type) + where, params)
                       .rows.at(0)
                       .at(0));
}

std::vector<EntityRecord> EntityRepository::matching(db::Connection& c, const EntityType& type,
                                                     const std::string& condition,
                                                     db::Params params, std::int64_t afterId,
                                                     int limit) {
  params.emplace_back(afterId);
  params.emplace_back(std::int64_t{limit});
  auto rows = c.query(
      selectColumns(type) + " t0 WHERE (" + condition + ") AND t0.id > ? ORDER BY t0.id LIMIT ?",
      params);
  std::vector<EntityRecord> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows) out.push_back(readRecord(r));
  return out;
}

namespace {

// (time, id) after the cursor, as a range on the time column alone, so the time's index
// bounds the read: time >= afterTime, and not (time = afterTime and id <= afterId).
std::string afterCursor(const std::string& column) {
  return " AND t0." + column + " >= ? AND NOT (t0." + column + " = ? AND t0.id <= ?)";
}

}  // namespace

std::vector<EntityRecord> EntityRepository::matchingByTime(
    db::Connection& c, const EntityType& type, const std::string& condition, db::Params params,
    const Field& time, std::int64_t afterTime, std::int64_t afterId, std::int64_t upTo, int limit) {
  const auto column = EntityTables::column(time);
  params.insert(params.end(), {afterTime, afterTime, afterId, upTo, std::int64_t{limit}});
  auto rows = c.query(selectColumns(type) + " t0 WHERE (" + condition + ")" + afterCursor(column) +
                          " AND t0." + column + " <= ? ORDER BY t0." + column + ", t0.id LIMIT ?",
                      params);
  std::vector<EntityRecord> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows) out.push_back(readRecord(r));
  return out;
}

std::optional<std::int64_t> EntityRepository::nextTime(db::Connection& c, const EntityType& type,
                                                       const std::string& condition,
                                                       db::Params params, const Field& time,
                                                       std::int64_t afterTime,
                                                       std::int64_t afterId) {
  const auto column = EntityTables::column(time);
  params.insert(params.end(), {afterTime, afterTime, afterId});
  auto rows = c.query("SELECT t0." + column + " FROM " + EntityTables::table(type) + " t0 WHERE (" +
                          condition + ")" + afterCursor(column) + " ORDER BY t0." + column +
                          ", t0.id LIMIT 1",
                      params);
  if (rows.empty() || db::isNull(rows.rows[0][0])) return std::nullopt;
  return db::asInt(rows.rows[0][0]);
}

}  // namespace pigeon::entity
