#include "repositories/template_repository.h"

namespace pigeon::db {

namespace {

constexpr const char* kSelect =
    "SELECT id, name, entity_type, body, locale, utc_offset_minutes, created_at, updated_at"
    " FROM templates";

TemplateRecord read(const std::vector<Value>& r) {
  return {asInt(r[0]),    asString(r[1]), asString(r[2]),
          asString(r[3]), asString(r[4]), static_cast<int>(asInt(r[5])),
          asInt(r[6]),    asInt(r[7])};
}

std::optional<TemplateRecord> first(const Rows& rows) {
  if (rows.empty()) return std::nullopt;
  return read(rows.rows.front());
}

}  // namespace

std::vector<TemplateRecord> TemplateRepository::all(Connection& c) {
  std::vector<TemplateRecord> out;
  for (const auto& r : c.query(std::string(kSelect) + " ORDER BY name").rows)
    out.push_back(read(r));
  return out;
}

std::optional<TemplateRecord> TemplateRepository::find(Connection& c, std::int64_t id) {
  return first(c.query(std::string(kSelect) + " WHERE id = ?", {id}));
}

std::optional<TemplateRecord> TemplateRepository::findByName(Connection& c,
                                                             const std::string& name) {
  return first(c.query(std::string(kSelect) + " WHERE name = ?", {name}));
}

std::int64_t TemplateRepository::insert(Connection& c, const TemplateRecord& t, std::int64_t now) {
  return c.insert(
      "INSERT INTO templates (name, entity_type, body, locale, utc_offset_minutes, created_at,"
      " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {t.name, t.entityType, t.body, t.locale, std::int64_t{t.utcOffsetMinutes}, now, now});
}

void TemplateRepository::update(Connection& c, const TemplateRecord& t, std::int64_t now) {
  c.execute(
      "UPDATE templates SET name = ?, entity_type = ?, body = ?, locale = ?,"
      " utc_offset_minutes = ?, updated_at = ? WHERE id = ?",
      {t.name, t.entityType, t.body, t.locale, std::int64_t{t.utcOffsetMinutes}, now, t.id});
}

bool TemplateRepository::remove(Connection& c, std::int64_t id) {
  return c.execute("DELETE FROM templates WHERE id = ?", {id}) > 0;
}

}  // namespace pigeon::db
