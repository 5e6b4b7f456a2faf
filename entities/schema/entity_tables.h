#pragma once
// Each entity type has a table, entity_<type>: id, external_id (the CRM's own id, unique),
// created_at, updated_at, and one column per declared field. EntityTables brings the store in
// line with the catalog at start-up, on SQLite and MySQL alike: it creates missing tables,
// adds the columns and indexes of new fields, and never drops or converts anything. A field
// whose declared type changed refuses its type (the stored values would be read wrongly), and a
// field a plugin no longer declares keeps its column and data, unused.

#include <cstdint>
#include <string>
#include <vector>

#include "db/connection.h"
#include "schema/entity_catalog.h"

namespace pigeon::entity {

class EntityTables {
public:
  // Throws db::DbError when the store fails; a type that cannot be brought up to date is
  // dropped from the catalog with the reason in `refused`, and the others go on.
  static void sync(db::Connection& c, EntityCatalog& catalog, std::vector<RefusedType>& refused,
                   std::int64_t now);

  static std::string table(const EntityType& type) { return "entity_" + type.name; }
  // A field's column, quoted (backticks work on both stores), so a field may be called `order`.
  static std::string column(const Field& field) { return "`" + field.name + "`"; }

  // The column type a field gets on the connection's store.
  static std::string columnType(const Field& field, db::Backend backend);
};

}  // namespace pigeon::entity
