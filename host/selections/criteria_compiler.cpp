#include "selections/criteria_compiler.h"

#include <Poco/JSON/Array.h>

#include <algorithm>

#include "api/api_types.h"

namespace pigeon::host::selections {

// Every leaf compiles to a condition that is true or false, or NULL only where NULL means
// false (a comparison with an empty field). A NOT wraps its criterion in COALESCE(..., 0), so
// "not in Moscow" includes the contacts whose city is empty, as a user means it.

namespace {

constexpr std::int64_t kDayMs = 86'400'000;

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

std::string compileGroup(CriteriaScope& scope, const Poco::Dynamic::Var& members,
                         const std::string& path, const char* joiner, bool emptyMatchesAll) {
  if (members.type() != typeid(Poco::JSON::Array::Ptr))
    refuse(path, "must be an array of criteria");
  const auto& array = *members.extract<Poco::JSON::Array::Ptr>();
  if (array.size() == 0) {
    if (emptyMatchesAll) return "1 = 1";
    refuse(path, "needs at least one criterion");
  }
  std::string sql = "(";
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (i) sql += joiner;
    sql += compileCriterion(scope, array.get(static_cast<unsigned>(i)),
                            path + "[" + std::to_string(i) + "]");
  }
  return sql + ")";
}

const CriterionKind* findKind(const std::string& key) {
  for (const auto* table :
       {&fieldCriterionKinds(), &relationCriterionKinds(), &activityCriterionKinds()})
    for (const auto& kind : *table)
      if (key == kind.key) return &kind;
  return nullptr;
}

std::string knownKeys() {
  std::string keys = "all, any, not";
  for (const auto* table :
       {&fieldCriterionKinds(), &relationCriterionKinds(), &activityCriterionKinds()})
    for (const auto& kind : *table) keys += std::string(", ") + kind.key;
  return keys;
}

}  // namespace

std::int64_t CriteriaClock::today() const {
  return floorDiv(nowMs + std::int64_t{utcOffsetMinutes} * 60'000, kDayMs);
}

std::int64_t CriteriaClock::dayStartMs(std::int64_t day) const {
  return day * kDayMs - std::int64_t{utcOffsetMinutes} * 60'000;
}

void refuse(const std::string& path, const std::string& message) {
  throw ApiError(422, "invalid_criteria", path + ": " + message, path);
}

std::string CriteriaScope::phoneColumn(const std::string& path) const {
  const auto* field = entity::EntityCatalog::findField(type_, type_.phoneField);
  if (type_.phoneField.empty() || !field)
    refuse(path, "type '" + type_.name +
                     "' has no phone field; reach one through 'related' (e.g. an appointment's"
                     " contact)");
  return column(*field);
}

CriteriaScope CriteriaScope::nested(const entity::EntityType& other, const std::string& path) {
  if (depth_ + 1 > kMaxDepth)
    refuse(path, "nested deeper than " + std::to_string(kMaxDepth) + " levels");
  return CriteriaScope(state_, other, "t" + std::to_string(state_.aliases++), depth_ + 1);
}

const Poco::JSON::Object& asObject(const Poco::Dynamic::Var& v, const std::string& path) {
  if (v.type() != typeid(Poco::JSON::Object::Ptr)) refuse(path, "must be a criterion object");
  return *v.extract<Poco::JSON::Object::Ptr>();
}

std::int64_t readDays(const Poco::Dynamic::Var& v, const std::string& path) {
  if (!v.isInteger()) refuse(path, "must be a whole number of days");
  const auto days = v.convert<std::int64_t>();
  if (days < 0 || days > 36'600) refuse(path, "must be between 0 and 36600 days");
  return days;
}

std::vector<std::string> readStrings(const Poco::Dynamic::Var& v, const std::string& path) {
  std::vector<std::string> out;
  if (v.isString()) {
    out.push_back(v.toString());
  } else if (v.type() == typeid(Poco::JSON::Array::Ptr)) {
    const auto& array = *v.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < array.size(); ++i) {
      const auto item = array.get(static_cast<unsigned>(i));
      if (!item.isString()) refuse(path + "[" + std::to_string(i) + "]", "must be a string");
      out.push_back(item.toString());
    }
  } else {
    refuse(path, "must be a string or an array of strings");
  }
  if (out.empty()) refuse(path, "needs at least one value");
  if (out.size() > kMaxListValues)
    refuse(path, "has more than " + std::to_string(kMaxListValues) + " values");
  return out;
}

std::string joinPlaceholders(CriteriaScope& scope, const std::vector<db::Value>& values) {
  std::string sql;
  for (const auto& v : values) {
    if (!sql.empty()) sql += ", ";
    sql += scope.bind(v);
  }
  return sql;
}

std::string compileCriterion(CriteriaScope& scope, const Poco::Dynamic::Var& node,
                             const std::string& path) {
  if (++scope.state().criteria > kMaxCriteria)
    refuse(path, "more than " + std::to_string(kMaxCriteria) + " criteria in one selection");
  const auto& object = asObject(node, path);
  if (object.size() == 0) return "1 = 1";  // {} selects every row
  for (const auto& [group, joiner] :
       {std::pair<const char*, const char*>{"all", " AND "}, {"any", " OR "}}) {
    if (!object.has(group)) continue;
    if (object.size() != 1) refuse(path, std::string("'") + group + "' stands alone in its object");
    return compileGroup(scope, object.get(group), path + "." + group, joiner,
                        std::string(group) == "all");
  }
  if (object.has("not")) {
    if (object.size() != 1) refuse(path, "'not' stands alone in its object");
    auto inner = compileCriterion(scope, object.get("not"), path + ".not");
    return "(NOT COALESCE(" + inner + ", 0))";
  }
  for (const auto& [key, value] : object) {
    const auto* kind = findKind(key);
    if (!kind) continue;
    for (const auto& [member, unused] : object)
      if (std::find(kind->members.begin(), kind->members.end(), member) == kind->members.end())
        refuse(
            path + "." + member, "unknown member beside '" + key + "'; allowed: " + [&] {
              std::string allowed;
              for (const auto& m : kind->members) allowed += (allowed.empty() ? "" : ", ") + m;
              return allowed;
            }());
    return kind->compile(scope, object, path);
  }
  std::string given;
  for (const auto& [key, unused] : object) given += (given.empty() ? "'" : ", '") + key + "'";
  refuse(path, "no known criterion among " + given + "; expected one of " + knownKeys());
}

CompiledCriteria CriteriaCompiler::compile(const entity::EntityType& type,
                                           const Poco::Dynamic::Var& criteria,
                                           CriteriaClock clock) const {
  CompileState state{catalog_, phones_, clock, {}, 0, 1};
  CriteriaScope scope(state, type, "t0", 0);
  auto where = compileCriterion(scope, criteria, "criteria");
  return {std::move(where), std::move(state.params)};
}

std::string CriteriaCompiler::countSql(const entity::EntityType& type, const CompiledCriteria& c) {
  return "SELECT COUNT(*) FROM " + entity::EntityTables::table(type) + " t0 WHERE " + c.where;
}

std::string CriteriaCompiler::idsSql(const entity::EntityType& type, const CompiledCriteria& c,
                                     int limit) {
  return "SELECT t0.id FROM " + entity::EntityTables::table(type) + " t0 WHERE (" + c.where +
         ") AND t0.id > ? ORDER BY t0.id LIMIT " + std::to_string(limit);
}

}  // namespace pigeon::host::selections
