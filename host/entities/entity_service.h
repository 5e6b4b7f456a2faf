#pragma once
// Entities as the API, CSV import and the admin change them: every value is converted and
// checked against its field (type, required, the referred row exists) before anything is
// stored, and errors are ApiErrors naming the field. The catalog is fixed at start-up.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/api_types.h"
#include "db/connection_pool.h"
#include "phone/phone_normalizer.h"
#include "repositories/entity_repository.h"
#include "schema/entity_catalog.h"
#include "schema/field_codec.h"

namespace pigeon::host {

// What a caller sends for one entity.
struct EntityInput {
  std::optional<std::string> externalId;
  std::vector<std::pair<std::string, entity::FieldInput>> fields;  // by field name
  // Reference fields given as the referred row's external id: {"account": {"external_id": ..}}
  std::vector<std::pair<std::string, std::string>> referencesByExternalId;
};

struct ListQuery {
  std::vector<std::pair<std::string, std::string>> equals;  // field name -> value as text
  std::string search;                                       // a prefix of the display field
  std::int64_t afterId = 0;
  int limit = 100;
};

// Rows for a handler: every `equals` holds, `atLeastField` >= `atLeastValue` when given,
// ordered by `orderBy` (id when empty).
struct FindQuery {
  std::vector<std::pair<std::string, std::string>> equals;
  std::string atLeastField;
  std::string atLeastValue;
  std::string orderBy;
  bool descending = false;
  int limit = 1;
};

// A row as it was and as it is, once the change committed (automations act on it).
struct EntityChange {
  const entity::EntityType& type;
  const std::optional<entity::EntityRecord>& before;  // none: the row was created
  const entity::EntityRecord& after;
};

class EntityService {
public:
  EntityService(db::ConnectionPool& pool, const phone::PhoneNormalizer& phones);

  void setCatalog(entity::EntityCatalog catalog);
  const entity::EntityCatalog& catalog() const { return catalog_; }
  // The type by name; ApiError 404 when no plugin declares it.
  const entity::EntityType& type(const std::string& name) const;
  entity::PhoneNormaliser phoneNormaliser() const;
  // Called on the caller's thread after every create, upsert and update commits (not for CSV
  // imports, which store rows in bulk). Set once at start-up; it must not throw.
  void onChange(std::function<void(const EntityChange&)> fn) { onChange_ = std::move(fn); }

  // ApiError 422 naming the field for a bad or missing value, 409 for an external id in use.
  entity::EntityRecord create(const entity::EntityType& type, const EntityInput& input);
  // Creates the row with this external id, or changes the one that has it. Second: created.
  std::pair<entity::EntityRecord, bool> upsert(const entity::EntityType& type,
                                               const std::string& externalId,
                                               const EntityInput& input);
  // Changes the fields given; the others keep their values. ApiError 404 for an unknown id.
  entity::EntityRecord update(const entity::EntityType& type, std::int64_t id,
                              const EntityInput& input);
  // Deletes the row and clears the references other rows had to it. ApiError 404.
  void remove(const entity::EntityType& type, std::int64_t id);

  entity::EntityRecord get(const entity::EntityType& type, std::int64_t id);
  std::vector<entity::EntityRecord> list(const entity::EntityType& type, const ListQuery& query);
  // ApiError 400 naming a field the type does not have or a value it cannot hold.
  std::vector<entity::EntityRecord> find(const entity::EntityType& type, const FindQuery& query);
  // The newest row whose phone field holds this number, trying contacts first, then leads,
  // accounts, users and the other types with a phone field.
  std::optional<std::pair<const entity::EntityType*, entity::EntityRecord>> findByPhone(
      const std::string& e164);

private:
  entity::EntityFilter filter(const entity::EntityType& type, const std::string& name,
                              const std::string& text, entity::EntityFilter::Op op) const;
  entity::FieldValues convert(db::Connection& c, const entity::EntityType& type,
                              const EntityInput& input, bool creating) const;
  entity::EntityRecord read(db::Connection& c, const entity::EntityType& type, std::int64_t id);
  entity::EntityRecord readForChange(db::Connection& c, const entity::EntityType& type,
                                     std::int64_t id);
  static std::int64_t changedAt(const entity::EntityRecord& before);

  db::ConnectionPool& pool_;
  const phone::PhoneNormalizer& phones_;
  entity::EntityCatalog catalog_;
  // The phone field of every type that has one, in the order findByPhone tries them; made
  // with the catalog, not at every inbound SMS.
  std::vector<entity::EntityRepository::Holder> phoneHolders_;
  std::function<void(const EntityChange&)> onChange_;
};

}  // namespace pigeon::host
