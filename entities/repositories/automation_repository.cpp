#include "repositories/automation_repository.h"

#include "db/comma_list.h"

namespace pigeon::db {

namespace {

constexpr const char* kSelect =
    "SELECT id, name, entity_type, trigger_on, watch_fields, criteria, template_id, to_field,"
    " from_number, enabled, created_by, created_by_id, created_at, updated_at, from_instance"
    " FROM automations";

AutomationRecord read(const std::vector<Value>& r) {
  AutomationRecord a;
  a.id = asInt(r[0]);
  a.name = asString(r[1]);
  a.entityType = asString(r[2]);
  a.trigger = asString(r[3]);
  a.fields = splitCommaList(asString(r[4]));
  a.criteria = asString(r[5]);
  a.templateId = asInt(r[6]);
  a.toField = asString(r[7]);
  a.from = asString(r[8]);
  a.enabled = asInt(r[9]) != 0;
  a.author = asString(r[10]);
  a.authorId = asInt(r[11]);
  a.createdAt = asInt(r[12]);
  a.updatedAt = asInt(r[13]);
  a.fromInstance = asString(r[14]);
  return a;
}

std::optional<AutomationRecord> first(const Rows& rows) {
  if (rows.empty()) return std::nullopt;
  return read(rows.rows.front());
}

}  // namespace

std::vector<AutomationRecord> AutomationRepository::all(Connection& c) {
  std::vector<AutomationRecord> out;
  for (const auto& r : c.query(std::string(kSelect) + " ORDER BY name").rows)
    out.push_back(read(r));
  return out;
}

std::optional<AutomationRecord> AutomationRepository::find(Connection& c, std::int64_t id) {
  return first(c.query(std::string(kSelect) + " WHERE id = ?", {id}));
}

std::optional<AutomationRecord> AutomationRepository::findByName(Connection& c,
                                                                 const std::string& name) {
  return first(c.query(std::string(kSelect) + " WHERE name = ?", {name}));
}

std::optional<std::string> AutomationRepository::nameSending(Connection& c,
                                                             std::int64_t templateId) {
  auto rows = c.query("SELECT name FROM automations WHERE template_id = ? ORDER BY name LIMIT 1",
                      {templateId});
  if (rows.empty()) return std::nullopt;
  return asString(rows.rows.front()[0]);
}

std::int64_t AutomationRepository::insert(Connection& c, const AutomationRecord& a,
                                          std::int64_t now) {
  return c.insert(
      "INSERT INTO automations (name, entity_type, trigger_on, watch_fields, criteria,"
      " template_id, to_field, from_number, enabled, created_by, created_by_id, created_at,"
      " updated_at, from_instance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {a.name, a.entityType, a.trigger, joinCommaList(a.fields), a.criteria, a.templateId,
       textOrNull(a.toField), textOrNull(a.from), std::int64_t{a.enabled}, a.author, a.authorId,
       now, now, textOrNull(a.fromInstance)});
}

void AutomationRepository::update(Connection& c, const AutomationRecord& a, std::int64_t now) {
  c.execute(
      "UPDATE automations SET name = ?, entity_type = ?, trigger_on = ?, watch_fields = ?,"
      " criteria = ?, template_id = ?, to_field = ?, from_number = ?, from_instance = ?,"
      " enabled = ?, created_by = ?, created_by_id = ?, updated_at = ? WHERE id = ?",
      {a.name, a.entityType, a.trigger, joinCommaList(a.fields), a.criteria, a.templateId,
       textOrNull(a.toField), textOrNull(a.from), textOrNull(a.fromInstance),
       std::int64_t{a.enabled}, a.author, a.authorId, now, a.id});
}

bool AutomationRepository::remove(Connection& c, std::int64_t id) {
  return c.execute("DELETE FROM automations WHERE id = ?", {id}) > 0;
}

}  // namespace pigeon::db
