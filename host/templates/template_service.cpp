#include "templates/template_service.h"

#include <algorithm>

#include "api/json_util.h"
#include "outbox/clock.h"
#include "repositories/automation_repository.h"
#include "templates/batch_renderer.h"

namespace pigeon::host {

namespace {

using entity::EntityRepository;

constexpr std::size_t kMaxName = 64;
constexpr std::size_t kMaxBody = 10000;
constexpr int kMaxOffsetMinutes = 14 * 60;

bool printable(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= 0x20 && c != 0x7f; });
}

std::string describe(const EntityRef& e) {
  return e.type + " " + (e.externalId.empty() ? std::to_string(e.id) : "'" + e.externalId + "'");
}

}  // namespace

TemplateService::TemplateService(db::ConnectionPool& pool, const EntityService& entities)
    : pool_(pool), entities_(entities), engine_(entities.catalog()) {}

void TemplateService::check(const db::TemplateRecord& t) const {
  if (t.name.empty() || t.name.size() > kMaxName || !printable(t.name))
    throw ApiError(422, "invalid_value", "name must be 1 to 64 printable characters", "name");
  if (t.body.empty() || t.body.size() > kMaxBody)
    throw ApiError(422, "invalid_value", "body must be 1 to 10 000 bytes", "body");
  if (t.utcOffsetMinutes < -kMaxOffsetMinutes || t.utcOffsetMinutes > kMaxOffsetMinutes)
    throw ApiError(422, "invalid_value", "utc_offset must be from -14:00 to +14:00", "utc_offset");
  engine_.check(t);
}

std::vector<db::TemplateRecord> TemplateService::list() {
  auto c = pool_.acquire();
  return db::TemplateRepository::all(*c);
}

db::TemplateRecord TemplateService::get(std::int64_t id) {
  auto c = pool_.acquire();
  auto t = db::TemplateRepository::find(*c, id);
  if (!t) throw ApiError(404, "not_found", "no template " + std::to_string(id));
  return *t;
}

db::TemplateRecord TemplateService::byReference(const std::string& reference,
                                                const std::string& field) {
  const auto now = nowMs();
  {
    std::lock_guard lock(cacheMutex_);
    if (auto it = cache_.find(reference); it != cache_.end() && it->second.until > now)
      return it->second.record;
  }
  auto c = pool_.acquire();
  auto t = parseId(reference) ? db::TemplateRepository::find(*c, *parseId(reference))
                              : db::TemplateRepository::findByName(*c, reference);
  if (!t) throw ApiError(422, "unknown_template", "no template '" + reference + "'", field);
  std::lock_guard lock(cacheMutex_);
  if (cache_.size() >= kMaxCached) cache_.clear();
  cache_[reference] = {*t, now + kCacheMs};
  return *t;
}

void TemplateService::forgetCached() {
  std::lock_guard lock(cacheMutex_);
  cache_.clear();
}

db::TemplateRecord TemplateService::create(db::TemplateRecord t) {
  check(t);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  if (db::TemplateRepository::findByName(*c, t.name))
    throw ApiError(409, "duplicate_name", "a template named '" + t.name + "' exists", "name");
  t.id = db::TemplateRepository::insert(*c, t, nowMs());
  auto stored = *db::TemplateRepository::find(*c, t.id);
  tx.commit();
  return stored;
}

db::TemplateRecord TemplateService::update(std::int64_t id, db::TemplateRecord t) {
  check(t);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  const auto stored = db::TemplateRepository::find(*c, id);
  if (!stored) throw ApiError(404, "not_found", "no template " + std::to_string(id));
  if (auto other = db::TemplateRepository::findByName(*c, t.name); other && other->id != id)
    throw ApiError(409, "duplicate_name", "a template named '" + t.name + "' exists", "name");
  if (t.entityType != stored->entityType)
    if (auto user = db::AutomationRepository::nameSending(*c, id))
      throw ApiError(409, "template_in_use",
                     "automation '" + *user + "' sends this template to a " + stored->entityType +
                         "; change or delete it first",
                     "entity_type");
  t.id = id;
  db::TemplateRepository::update(*c, t, nowMs());
  auto saved = *db::TemplateRepository::find(*c, id);
  tx.commit();
  forgetCached();
  return saved;
}

void TemplateService::remove(std::int64_t id) {
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  if (auto user = db::AutomationRepository::nameSending(*c, id))
    throw ApiError(409, "template_in_use",
                   "automation '" + *user + "' sends this template; change or delete it first");
  if (!db::TemplateRepository::remove(*c, id))
    throw ApiError(404, "not_found", "no template " + std::to_string(id));
  tx.commit();
  forgetCached();
}

RenderedMessage TemplateService::renderDraft(const db::TemplateRecord& t, const EntityRef& entity) {
  check(t);  // the name and the offset too, as saving would
  return render(t, entity);
}

void TemplateService::checkFor(const db::TemplateRecord& t, const entity::EntityType& type) const {
  // Checked again: a field may have left its type since the template was saved, and a blank
  // in a sent SMS is worse than a refusal.
  engine_.check(t);
  if (type.name != t.entityType)
    throw ApiError(
        422, "wrong_entity_type",
        "template '" + t.name + "' is written for " + t.entityType + ", not " + type.name,
        "entity");
}

RenderedMessage TemplateService::render(const db::TemplateRecord& t, const EntityRef& entity) {
  const auto& type = entities_.type(entity.type);
  checkFor(t, type);
  auto c = pool_.acquire();
  auto id = entity.externalId.empty() ? std::optional(entity.id)
                                      : EntityRepository::idOf(*c, type, entity.externalId);
  auto row = id ? EntityRepository::find(*c, type, *id) : std::nullopt;
  if (!row) throw ApiError(404, "not_found", "no " + describe(entity));
  return renderRow(t, type, std::move(*row), *c);
}

RenderedMessage TemplateService::render(const db::TemplateRecord& t, const entity::EntityType& type,
                                        entity::EntityRecord row) {
  checkFor(t, type);
  const bool refers = std::any_of(type.fields.begin(), type.fields.end(), [](const auto& f) {
    return f.type == entity::FieldType::kReference;
  });
  if (!refers) return renderRow(t, type, std::move(row), std::nullopt);
  auto c = pool_.acquire();
  return renderRow(t, type, std::move(row), *c);
}

RenderedMessage TemplateService::renderRow(
    const db::TemplateRecord& t, const entity::EntityType& type, entity::EntityRecord row,
    std::optional<std::reference_wrapper<db::Connection>> c) {
  TemplateScope scope;
  RenderedMessage out;
  out.entityType = type.name;
  out.entityId = row.id;
  const auto& catalog = entities_.catalog();
  // A type without a phone field sends to the row its first reference to a type with one
  // points at (an appointment's contact), and to no other row (never its owner's number).
  const entity::Field* recipient = recipientReference(catalog, type);
  for (std::size_t i = 0; i < type.fields.size(); ++i) {
    const auto& f = type.fields[i];
    if (f.name == type.phoneField) out.to = db::asString(row.values[i]);
    if (f.type != entity::FieldType::kReference || db::isNull(row.values[i]) || !c) continue;
    const auto* target = catalog.find(f.target);
    auto referred =
        target ? EntityRepository::find(*c, *target, db::asInt(row.values[i])) : std::nullopt;
    if (!referred) continue;
    if (&f == recipient) {
      for (std::size_t k = 0; k < target->fields.size(); ++k)
        if (target->fields[k].name == target->phoneField)
          out.to = db::asString(referred->values[k]);
    }
    scope.rows[f.name] = {target, std::move(*referred)};
  }
  scope.rows[type.name] = {&type, std::move(row)};
  out.text = engine_.render(t, scope);
  return out;
}

}  // namespace pigeon::host
