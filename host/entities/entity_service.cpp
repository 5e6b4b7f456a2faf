#include "entities/entity_service.h"
#include "outbox/clock.h"
#include "repositories/tag_repository.h"

#include <algorithm>
#include <array>
#include <set>

namespace pigeon::host {

namespace {

using entity::EntityRecord;
using entity::EntityRepository;
using entity::EntityType;
using entity::Field;
using entity::FieldType;

constexpr std::size_t kMaxExternalId = 255;

const Field& knownField(const EntityType& type, const std::string& name) {
  if (const auto* f = entity::EntityCatalog::findField(type, name)) return *f;
  throw ApiError(422, "unknown_field", "type '" + type.name + "' has no field '" + name + "'",
                 name);
}

void checkExternalId(const std::string& id) {
  if (id.empty() || id.size() > kMaxExternalId)
    throw ApiError(422, "invalid_value", "external_id must be 1 to 255 bytes", "external_id");
}

// A referred row must exist: a dangling id would make templates and selections lie.
void checkReference(db::Connection& c, const entity::EntityCatalog& catalog, const Field& f,
                    const db::Value& v) {
  if (db::isNull(v)) return;
  const auto* target = catalog.find(f.target);
  if (!target || !EntityRepository::exists(c, *target, db::asInt(v)))
    throw ApiError(422, "unknown_reference",
                   "field '" + f.name + "': no " + f.target + " " + std::to_string(db::asInt(v)),
                   f.name);
}

}  // namespace

EntityService::EntityService(db::ConnectionPool& pool, const phone::PhoneNormalizer& phones)
    : pool_(pool), phones_(phones) {}

const EntityType& EntityService::type(const std::string& name) const {
  if (const auto* t = catalog_.find(name)) return *t;
  throw ApiError(404, "not_found", "no entity type '" + name + "'");
}

entity::PhoneNormaliser EntityService::phoneNormaliser() const {
  return [this](const std::string& text) -> std::optional<std::string> {
    auto n = phones_.normalize(text);
    return n.ok ? std::optional(n.e164) : std::nullopt;
  };
}

entity::FieldValues EntityService::convert(db::Connection& c, const EntityType& type,
                                           const EntityInput& input, bool creating) const {
  entity::FieldValues out;
  std::set<std::string> given;
  const auto phones = phoneNormaliser();
  for (const auto& [name, value] : input.fields) {
    const auto& f = knownField(type, name);
    if (!given.insert(name).second)
      throw ApiError(422, "duplicate_field", "field '" + name + "' is given twice", name);
    db::Value stored;
    if (auto problem = entity::toStored(f, value, phones, stored); !problem.empty())
      throw ApiError(422, "invalid_value", "field '" + name + "': " + problem, name);
    if (f.type == FieldType::kReference) checkReference(c, catalog_, f, stored);
    out.emplace_back(&f, std::move(stored));
  }
  for (const auto& [name, externalId] : input.referencesByExternalId) {
    const auto& f = knownField(type, name);
    if (f.type != FieldType::kReference || !given.insert(name).second)
      throw ApiError(422, "invalid_value",
                     "field '" + name + "' is not a reference given once by external_id", name);
    const auto* target = catalog_.find(f.target);
    auto id = target ? EntityRepository::idOf(c, *target, externalId) : std::nullopt;
    if (!id)
      throw ApiError(
          422, "unknown_reference",
          "field '" + name + "': no " + f.target + " with external_id '" + externalId + "'", name);
    out.emplace_back(&f, *id);
  }
  for (const auto& f : type.fields) {
    if (!f.required) continue;
    const auto it = std::find_if(out.begin(), out.end(), [&](auto& v) { return v.first == &f; });
    if ((it == out.end() && creating) || (it != out.end() && db::isNull(it->second)))
      throw ApiError(422, "missing_field", "field '" + f.name + "' is required", f.name);
  }
  return out;
}

EntityRecord EntityService::read(db::Connection& c, const EntityType& type, std::int64_t id) {
  auto record = EntityRepository::find(c, type, id);
  if (!record) throw ApiError(404, "not_found", "no " + type.name + " " + std::to_string(id));
  return std::move(*record);
}

// Locked: two changes to one row at once are judged one after the other, each against the row
// as the other left it (an automation watching a field fires once for one change).
EntityRecord EntityService::readForChange(db::Connection& c, const EntityType& type,
                                          std::int64_t id) {
  auto record = EntityRepository::findForUpdate(c, type, id);
  if (!record) throw ApiError(404, "not_found", "no " + type.name + " " + std::to_string(id));
  return std::move(*record);
}

// Later than the row's last change, even within the same millisecond: a change is known by
// its time (an automation's message reference).
std::int64_t EntityService::changedAt(const EntityRecord& before) {
  return std::max(nowMs(), before.updatedAt + 1);
}

EntityRecord EntityService::create(const EntityType& type, const EntityInput& input) {
  if (input.externalId) checkExternalId(*input.externalId);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  const auto values = convert(*c, type, input, true);
  if (input.externalId && EntityRepository::idOf(*c, type, *input.externalId))
    throw ApiError(409, "duplicate_external_id",
                   "a " + type.name + " with external_id '" + *input.externalId + "' exists",
                   "external_id");
  const auto id =
      EntityRepository::insert(*c, type, input.externalId.value_or(""), values, nowMs());
  auto record = read(*c, type, id);
  tx.commit();
  if (onChange_) onChange_({type, std::nullopt, record});
  return record;
}

std::pair<EntityRecord, bool> EntityService::upsert(const EntityType& type,
                                                    const std::string& externalId,
                                                    const EntityInput& input) {
  checkExternalId(externalId);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  const auto existing = EntityRepository::idOf(*c, type, externalId);
  const auto values = convert(*c, type, input, !existing);
  std::optional<EntityRecord> before;
  if (existing) before = readForChange(*c, type, *existing);
  const auto id =
      existing ? *existing : EntityRepository::insert(*c, type, externalId, values, nowMs());
  if (existing) EntityRepository::update(*c, type, id, values, changedAt(*before));
  auto record = read(*c, type, id);
  tx.commit();
  if (onChange_) onChange_({type, before, record});
  return {std::move(record), !existing};
}

EntityRecord EntityService::update(const EntityType& type, std::int64_t id,
                                   const EntityInput& input) {
  if (input.externalId) checkExternalId(*input.externalId);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  // 404 before values are judged
  const std::optional<EntityRecord> before = readForChange(*c, type, id);
  const auto values = convert(*c, type, input, false);
  if (input.externalId) {
    const auto holder = EntityRepository::idOf(*c, type, *input.externalId);
    if (holder && *holder != id)
      throw ApiError(409, "duplicate_external_id",
                     "a " + type.name + " with external_id '" + *input.externalId + "' exists",
                     "external_id");
    EntityRepository::setExternalId(*c, type, id, *input.externalId);
  }
  EntityRepository::update(*c, type, id, values, changedAt(*before));
  auto record = read(*c, type, id);
  tx.commit();
  if (onChange_) onChange_({type, before, record});
  return record;
}

void EntityService::remove(const EntityType& type, std::int64_t id) {
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  if (!EntityRepository::remove(*c, type, id))
    throw ApiError(404, "not_found", "no " + type.name + " " + std::to_string(id));
  for (const auto& [other, field] : catalog_.referencesTo(type.name))
    EntityRepository::clearReferences(*c, *other, *field, id);
  db::TagRepository::clear(*c, type.name, id);
  tx.commit();
}

EntityRecord EntityService::get(const EntityType& type, std::int64_t id) {
  auto c = pool_.acquire();
  return read(*c, type, id);
}

std::vector<EntityRecord> EntityService::list(const EntityType& type, const ListQuery& query) {
  std::vector<entity::EntityFilter> filters;
  for (const auto& [name, text] : query.equals)
    filters.push_back(filter(type, name, text, entity::EntityFilter::Op::kEquals));
  if (!query.search.empty()) {
    const auto* display = entity::EntityCatalog::findField(type, type.displayField);
    if (!display)
      throw ApiError(400, "invalid_filter", "type '" + type.name + "' has no display field", "q");
    filters.push_back({display, entity::EntityFilter::Op::kPrefix, query.search});
  }
  auto c = pool_.acquire();
  return EntityRepository::list(*c, type, filters, query.afterId, query.limit);
}

entity::EntityFilter EntityService::filter(const EntityType& type, const std::string& name,
                                           const std::string& text,
                                           entity::EntityFilter::Op op) const {
  const auto* f = entity::EntityCatalog::findField(type, name);
  if (!f)
    throw ApiError(400, "invalid_filter", "type '" + type.name + "' has no field '" + name + "'",
                   name);
  db::Value v;
  if (auto problem = entity::toStored(*f, std::string(text), phoneNormaliser(), v);
      !problem.empty())
    throw ApiError(400, "invalid_filter", "filter '" + name + "': " + problem, name);
  return {f, op, std::move(v)};
}

std::vector<EntityRecord> EntityService::find(const EntityType& type, const FindQuery& query) {
  constexpr int kMaxFound = 100;
  std::vector<entity::EntityFilter> filters;
  for (const auto& [name, text] : query.equals)
    filters.push_back(filter(type, name, text, entity::EntityFilter::Op::kEquals));
  if (!query.atLeastField.empty())
    filters.push_back(
        filter(type, query.atLeastField, query.atLeastValue, entity::EntityFilter::Op::kAtLeast));
  const entity::Field* order = nullptr;
  if (!query.orderBy.empty()) {
    order = entity::EntityCatalog::findField(type, query.orderBy);
    if (!order)
      throw ApiError(400, "invalid_filter",
                     "type '" + type.name + "' has no field '" + query.orderBy + "'", "order_by");
  }
  auto c = pool_.acquire();
  return EntityRepository::listOrdered(*c, type, filters, order, query.descending,
                                       std::clamp(query.limit, 1, kMaxFound));
}

void EntityService::setCatalog(entity::EntityCatalog catalog) {
  catalog_ = std::move(catalog);
  static constexpr std::array<std::string_view, 4> kPreferred{"contact", "lead", "account", "user"};
  std::vector<const EntityType*> order;
  for (auto name : kPreferred)
    if (const auto* t = catalog_.find(std::string(name))) order.push_back(t);
  for (const auto& t : catalog_.types())
    if (std::find(kPreferred.begin(), kPreferred.end(), t.name) == kPreferred.end())
      order.push_back(&t);
  phoneHolders_.clear();
  for (const auto* t : order)
    if (const auto* phone = entity::EntityCatalog::findField(*t, t->phoneField))
      phoneHolders_.push_back({t, phone});
}

std::optional<std::pair<const EntityType*, EntityRecord>> EntityService::findByPhone(
    const std::string& e164) {
  auto c = pool_.acquire();
  if (auto held = EntityRepository::firstHolding(*c, phoneHolders_, e164)) {
    const auto* type = phoneHolders_[held->holder].type;
    if (auto row = EntityRepository::find(*c, *type, held->id))
      return std::make_pair(type, std::move(*row));
  }
  return std::nullopt;
}

}  // namespace pigeon::host
