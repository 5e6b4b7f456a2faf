#include "selections/selection_service.h"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <chrono>
#include <sstream>

#include "api/api_types.h"
#include "outbox/clock.h"

namespace pigeon::host {

namespace {

constexpr std::size_t kMaxNameChars = 100;

}  // namespace

SelectionService::SelectionService(db::ConnectionPool& pool, const EntityService& entities,
                                   const phone::PhoneNormalizer& phones)
    : pool_(pool), entities_(entities), compiler_(entities.catalog(), phones) {}

Poco::Dynamic::Var SelectionService::criteriaOf(const db::SelectionRecord& selection) {
  Poco::JSON::Parser parser;
  return parser.parse(selection.criteria);
}

selections::CompiledCriteria SelectionService::compile(const std::string& entityType,
                                                       const Poco::Dynamic::Var& criteria,
                                                       int utcOffsetMinutes,
                                                       const std::string& field) const {
  const auto* type = entities_.catalog().find(entityType);
  if (!type)
    throw ApiError(422, "unknown_entity_type", "no entity type '" + entityType + "'", field);
  return compiler_.compile(*type, criteria, {nowMs(), utcOffsetMinutes});
}

db::SelectionRecord SelectionService::checked(const SelectionDraft& draft) const {
  if (draft.name.empty() || draft.name.size() > kMaxNameChars)
    throw ApiError(422, "invalid_value",
                   "name must have 1 to " + std::to_string(kMaxNameChars) + " characters", "name");
  compile(draft.entityType, draft.criteria, draft.utcOffsetMinutes, "entity_type");
  std::ostringstream json;
  Poco::JSON::Stringifier::stringify(draft.criteria, json);
  db::SelectionRecord s;
  s.name = draft.name;
  s.entityType = draft.entityType;
  s.criteria = json.str();
  s.utcOffsetMinutes = draft.utcOffsetMinutes;
  return s;
}

std::vector<db::SelectionRecord> SelectionService::list() {
  auto c = pool_.acquire();
  return db::SelectionRepository::all(*c);
}

db::SelectionRecord SelectionService::get(std::int64_t id) {
  auto c = pool_.acquire();
  auto s = db::SelectionRepository::find(*c, id);
  if (!s) throw ApiError(404, "not_found", "no selection " + std::to_string(id));
  return *s;
}

db::SelectionRecord SelectionService::create(const SelectionDraft& draft,
                                             const std::string& createdBy) {
  auto s = checked(draft);
  s.createdBy = createdBy;
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  if (db::SelectionRepository::findByName(*c, s.name))
    throw ApiError(409, "duplicate_name", "a selection named '" + s.name + "' exists", "name");
  s.id = db::SelectionRepository::insert(*c, s, nowMs());
  auto stored = *db::SelectionRepository::find(*c, s.id);
  tx.commit();
  return stored;
}

db::SelectionRecord SelectionService::update(std::int64_t id, const SelectionDraft& draft) {
  auto s = checked(draft);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  if (!db::SelectionRepository::find(*c, id))
    throw ApiError(404, "not_found", "no selection " + std::to_string(id));
  if (auto other = db::SelectionRepository::findByName(*c, s.name); other && other->id != id)
    throw ApiError(409, "duplicate_name", "a selection named '" + s.name + "' exists", "name");
  s.id = id;
  db::SelectionRepository::update(*c, s, nowMs());
  auto stored = *db::SelectionRepository::find(*c, id);
  tx.commit();
  return stored;
}

void SelectionService::remove(std::int64_t id) {
  auto c = pool_.acquire();
  if (!db::SelectionRepository::remove(*c, id))
    throw ApiError(404, "not_found", "no selection " + std::to_string(id));
}

namespace {

void resetAfterCount(db::Connection& c) {
  const auto reset = c.dialect().selectionCountReset();
  if (reset.empty()) return;
  try {
    c.execute(reset, {});
  } catch (const std::exception&) {
    // A connection that failed here is broken; the pool finds out on its next use.
  }
}

}  // namespace

SelectionCount SelectionService::countCompiled(const entity::EntityType& type,
                                               const selections::CompiledCriteria& compiled) {
  const auto started = std::chrono::steady_clock::now();
  auto c = pool_.acquire();
  // The store's planner settings for a count, for this statement only: the connection goes
  // back to the pool as it came.
  if (const auto setting = c->dialect().selectionCountSetting(); !setting.empty())
    c->execute(setting, {});
  db::Rows rows;
  try {
    rows = c->query(selections::CriteriaCompiler::countSql(type, compiled), compiled.params);
  } catch (...) {
    resetAfterCount(*c);
    throw;
  }
  resetAfterCount(*c);
  SelectionCount out;
  out.count = rows.empty() ? 0 : db::asInt(rows.rows[0][0]);
  out.tookMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - started)
                   .count();
  out.countedAt = nowMs();
  return out;
}

SelectionCount SelectionService::count(const db::SelectionRecord& selection) {
  // A saved selection whose type or fields went away since names what is missing.
  const auto compiled = compile(selection.entityType, criteriaOf(selection),
                                selection.utcOffsetMinutes, "entity_type");
  return countCompiled(*entities_.catalog().find(selection.entityType), compiled);
}

SelectionCount SelectionService::count(const SelectionDraft& draft) {
  const auto compiled =
      compile(draft.entityType, draft.criteria, draft.utcOffsetMinutes, "entity_type");
  return countCompiled(*entities_.catalog().find(draft.entityType), compiled);
}

void SelectionService::check(const std::string& entityType, const Poco::Dynamic::Var& criteria,
                             const std::string& typeField) const {
  compile(entityType, criteria, 0, typeField);
}

bool SelectionService::matches(const entity::EntityType& type, const Poco::Dynamic::Var& criteria,
                               int utcOffsetMinutes, std::int64_t id) {
  auto compiled = compiler_.compile(type, criteria, {nowMs(), utcOffsetMinutes});
  compiled.params.emplace_back(id);
  auto c = pool_.acquire();
  return !entity::EntityRepository::matching(*c, type, "(" + compiled.where + ") AND t0.id = ?",
                                             compiled.params, 0, 1)
              .empty();
}

std::vector<entity::EntityRecord> SelectionService::members(const db::SelectionRecord& selection,
                                                            std::int64_t afterId, int limit) {
  const auto compiled = compile(selection.entityType, criteriaOf(selection),
                                selection.utcOffsetMinutes, "entity_type");
  auto c = pool_.acquire();
  return entity::EntityRepository::matching(*c, *entities_.catalog().find(selection.entityType),
                                            compiled.where, compiled.params, afterId, limit);
}

}  // namespace pigeon::host
