#include "repositories/automation_repository.h"

namespace pigeon::db {

namespace {

constexpr const char* kSelect =
    "SELECT id, name, entity_type, trigger_on, watch_fields, criteria, template_id, to_field,"
    " from_number, enabled, created_by, created_by_id, created_at, updated_at FROM automations";

std::vector<std::string> splitFields(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

std::string joinFields(const std::vector<std::string>& fields) {
  std::string out;
  for (const auto& f : fields) out += (out.empty() ? "" : ",") + f;
  return out;
}

AutomationRecord read(const std::vector<Value>& r) {
  AutomationRecord a;
  a.id = asInt(r[0]);
  a.name = asString(r[1]);
  a.entityType = asString(r[2]);
  a.trigger = asString(r[3]);
  a.fields = splitFields(asString(r[4]));
  a.criteria = asString(r[5]);
  a.templateId = asInt(r[6]);
  a.toField = asString(r[7]);
  a.from = asString(r[8]);
  a.enabled = asInt(r[9]) != 0;
  a.createdBy = asString(r[10]);
  a.createdById = asInt(r[11]);
  a.createdAt = asInt(r[12]);
  a.updatedAt = asInt(r[13]);
  return a;
}

std::optional<AutomationRecord> first(const Rows& rows) {
  if (rows.empty()) return std::nullopt;
  return read(rows.rows.front());
}

Value textOrNull(const std::string& s) { return s.empty() ? Value() : Value(s); }

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

std::int64_t AutomationRepository::insert(Connection& c, const AutomationRecord& a,
                                          std::int64_t now) {
  c.execute(
      "INSERT INTO automations (name, entity_type, trigger_on, watch_fields, criteria,"
      " template_id, to_field, from_number, enabled, created_by, created_by_id, created_at,"
      " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {a.name, a.entityType, a.trigger, joinFields(a.fields), a.criteria, a.templateId,
       textOrNull(a.toField), textOrNull(a.from), std::int64_t{a.enabled}, a.createdBy,
       a.createdById, now, now});
  return c.lastInsertId();
}

void AutomationRepository::update(Connection& c, const AutomationRecord& a, std::int64_t now) {
  c.execute(
      "UPDATE automations SET name = ?, entity_type = ?, trigger_on = ?, watch_fields = ?,"
      " criteria = ?, template_id = ?, to_field = ?, from_number = ?, enabled = ?,"
      " updated_at = ? WHERE id = ?",
      {a.name, a.entityType, a.trigger, joinFields(a.fields), a.criteria, a.templateId,
       textOrNull(a.toField), textOrNull(a.from), std::int64_t{a.enabled}, now, a.id});
}

bool AutomationRepository::remove(Connection& c, std::int64_t id) {
  return c.execute("DELETE FROM automations WHERE id = ?", {id}) > 0;
}

}  // namespace pigeon::db
