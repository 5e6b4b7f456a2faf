#include "repositories/selection_repository.h"

namespace pigeon::db {

namespace {

constexpr const char* kSelect =
    "SELECT id, name, entity_type, criteria, utc_offset_minutes, created_by, created_at,"
    " updated_at FROM selections";

SelectionRecord read(const std::vector<Value>& r) {
  return {
      asInt(r[0]),    asString(r[1]), asString(r[2]), asString(r[3]), static_cast<int>(asInt(r[4])),
      asString(r[5]), asInt(r[6]),    asInt(r[7])};
}

std::optional<SelectionRecord> first(const Rows& rows) {
  if (rows.empty()) return std::nullopt;
  return read(rows.rows.front());
}

}  // namespace

std::vector<SelectionRecord> SelectionRepository::all(Connection& c) {
  std::vector<SelectionRecord> out;
  for (const auto& r : c.query(std::string(kSelect) + " ORDER BY name").rows)
    out.push_back(read(r));
  return out;
}

std::optional<SelectionRecord> SelectionRepository::find(Connection& c, std::int64_t id) {
  return first(c.query(std::string(kSelect) + " WHERE id = ?", {id}));
}

std::optional<SelectionRecord> SelectionRepository::findByName(Connection& c,
                                                               const std::string& name) {
  return first(c.query(std::string(kSelect) + " WHERE name = ?", {name}));
}

std::int64_t SelectionRepository::insert(Connection& c, const SelectionRecord& s,
                                         std::int64_t now) {
  return c.insert(
      "INSERT INTO selections (name, entity_type, criteria, utc_offset_minutes, created_by,"
      " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {s.name, s.entityType, s.criteria, std::int64_t{s.utcOffsetMinutes}, s.createdBy, now, now});
}

void SelectionRepository::update(Connection& c, const SelectionRecord& s, std::int64_t now) {
  c.execute(
      "UPDATE selections SET name = ?, entity_type = ?, criteria = ?, utc_offset_minutes = ?,"
      " updated_at = ? WHERE id = ?",
      {s.name, s.entityType, s.criteria, std::int64_t{s.utcOffsetMinutes}, now, s.id});
}

bool SelectionRepository::remove(Connection& c, std::int64_t id) {
  return c.execute("DELETE FROM selections WHERE id = ?", {id}) > 0;
}

}  // namespace pigeon::db
