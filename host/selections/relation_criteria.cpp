// Conditions on other rows: the row a reference points at ({"related": "account", ...}), the
// rows that point at this one ({"has": "appointment", ...}), and the row's tags. Each is a
// correlated EXISTS on an indexed column (reference fields are always indexed; tags by type,
// tag and row).

#include <Poco/JSON/Array.h>

#include "repositories/tag_repository.h"
#include "selections/criteria_scope.h"

namespace pigeon::host::selections {

namespace {

using entity::FieldType;

// {"related": "account", "where": {"field": "debt", "op": "gt", "value": "100"}}
std::string compileRelated(CriteriaScope& scope, const Poco::JSON::Object& node,
                           const std::string& path) {
  const auto name = node.get("related").toString();
  const auto* field = entity::EntityCatalog::findField(scope.type(), name);
  if (!field || field->type != FieldType::kReference)
    refuse(path + ".related",
           "type '" + scope.type().name + "' has no reference field '" + name + "'");
  const auto* target = scope.state().catalog.find(field->target);
  if (!target) refuse(path + ".related", "type '" + field->target + "' is not served");
  if (!node.has("where")) refuse(path + ".where", "missing: the condition on the " + name);
  auto inner = scope.nested(*target, path);
  std::string sql = "EXISTS (SELECT 1 FROM " + entity::EntityTables::table(*target) + " " +
                    inner.alias() + " WHERE " + inner.alias() + ".id = " + scope.column(*field) +
                    " AND ";
  return sql + compileCriterion(inner, node.get("where"), path + ".where") + ")";
}

// The reference field of `other` that points at `type`: the one named by "via", or the only
// one there is.
const entity::Field& viaField(const entity::EntityType& type, const entity::EntityType& other,
                              const Poco::JSON::Object& node, const std::string& path) {
  std::vector<const entity::Field*> candidates;
  for (const auto& f : other.fields)
    if (f.type == FieldType::kReference && f.target == type.name) candidates.push_back(&f);
  if (node.has("via")) {
    const auto via = node.get("via").toString();
    for (const auto* f : candidates)
      if (f->name == via) return *f;
    refuse(path + ".via",
           "type '" + other.name + "' has no field '" + via + "' referring to a " + type.name);
  }
  if (candidates.empty())
    refuse(path + ".has", "no field of type '" + other.name + "' refers to a " + type.name);
  if (candidates.size() > 1)
    refuse(path + ".via", "type '" + other.name + "' refers to a " + type.name +
                              " in several fields; name one with 'via'");
  return *candidates.front();
}

// {"has": "appointment", "via": "contact", "where": {...}, "at_least": 2}
std::string compileHas(CriteriaScope& scope, const Poco::JSON::Object& node,
                       const std::string& path) {
  const auto name = node.get("has").toString();
  const auto* other = scope.state().catalog.find(name);
  if (!other) refuse(path + ".has", "no entity type '" + name + "'");
  const auto& via = viaField(scope.type(), *other, node, path);
  std::int64_t atLeast = 1;
  if (node.has("at_least")) {
    const auto v = node.get("at_least");
    if (!v.isInteger() || v.convert<std::int64_t>() < 1 || v.convert<std::int64_t>() > 1'000'000)
      refuse(path + ".at_least", "must be a whole number from 1");
    atLeast = v.convert<std::int64_t>();
  }
  auto inner = scope.nested(*other, path);
  std::string rows = " FROM " + entity::EntityTables::table(*other) + " " + inner.alias() +
                     " WHERE " + inner.column(via) + " = " + scope.alias() + ".id";
  if (atLeast > 1) {
    // Counted, so placeholders of the condition come before the bound minimum.
    std::string sql = "(SELECT COUNT(*)" + rows;
    if (node.has("where"))
      sql += " AND " + compileCriterion(inner, node.get("where"), path + ".where");
    sql += ") >= ";
    return sql + scope.bind(atLeast);
  }
  std::string sql = "EXISTS (SELECT 1" + rows;
  if (node.has("where"))
    sql += " AND " + compileCriterion(inner, node.get("where"), path + ".where");
  return sql + ")";
}

// {"tag": "vip"} or {"tag": ["vip", "gold"]}: the row carries one of them.
std::string compileTag(CriteriaScope& scope, const Poco::JSON::Object& node,
                       const std::string& path) {
  std::vector<db::Value> tags;
  for (const auto& t : readStrings(node.get("tag"), path + ".tag")) {
    const auto problem = db::tagProblem(t);
    if (!problem.empty()) refuse(path + ".tag", problem);
    tags.emplace_back(t);
  }
  std::string sql = "EXISTS (SELECT 1 FROM entity_tags g WHERE g.entity_type = ";
  sql += scope.bind(scope.type().name);
  sql += " AND g.entity_id = " + scope.alias() + ".id AND g.tag IN (";
  return sql + joinPlaceholders(scope, tags) + "))";
}

}  // namespace

const std::vector<CriterionKind>& relationCriterionKinds() {
  static const std::vector<CriterionKind> kinds{
      {"related", {"related", "where"}, compileRelated},
      {"has", {"has", "via", "where", "at_least"}, compileHas},
      {"tag", {"tag"}, compileTag},
  };
  return kinds;
}

}  // namespace pigeon::host::selections
