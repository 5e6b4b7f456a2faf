// Entity tables on both stores: created from the declarations, grown when a plugin adds a
// field (keeping the rows), left alone when one changes a field's type, and read and written
// through EntityRepository with bound values only.

#include <catch2/catch.hpp>

#include "migrations/migrations.h"
#include "repositories/entity_repository.h"
#include "schema/entity_tables.h"
#include "support/test_store.h"

using namespace pigeon;
using entity::EntityCatalog;
using entity::EntityFilter;
using entity::EntityRepository;
using entity::EntityTables;
using sdk::entity::EntityType;
using sdk::entity::Field;

namespace {

EntityType contactType() {
  return {"contact",
          "Contacts",
          {Field::string("first_name", "First name").markRequired(),
           Field::phone("phone", "Phone").markIndexed(),
           Field::string("order", "A reserved word as a name"),
           Field::string("notes", "Notes").maxChars(4000).markIndexed()},
          "phone",
          "first_name"};
}

EntityCatalog catalogOf(std::vector<EntityType> types, std::vector<entity::RefusedType>& refused) {
  return EntityCatalog::build(std::move(types), refused);
}

const Field& field(const EntityType& t, const char* name) {
  return *EntityCatalog::findField(t, name);
}

// A migrated store with the contact type's table made.
struct ContactStore {
  explicit ContactStore(const std::string& backend)
      : store(backend), c(store.database().connect()) {
    db::migrate(*c);
    catalog = catalogOf({contactType()}, refused);
    EntityTables::sync(*c, catalog, refused, 1);
  }
  test::TestStore store;
  std::unique_ptr<db::Connection> c;
  std::vector<entity::RefusedType> refused;
  EntityCatalog catalog;
};

}  // namespace

TEST_CASE("entity tables follow the declarations without losing rows", "[entities][store]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  ContactStore s(backend);
  auto& c = s.c;
  auto& refused = s.refused;
  auto& catalog = s.catalog;
  EntityTables::sync(*c, catalog, refused, 2);  // a second start changes nothing
  REQUIRE(refused.empty());
  const auto& type = *catalog.find("contact");
  const auto id = EntityRepository::insert(*c, type, "C-1",
                                           {{&field(type, "first_name"), std::string("Anna")},
                                            {&field(type, "order"), std::string("first")}},
                                           10);

  // A new version of the plugin adds a field: the column is added, the row is kept.
  auto grown = contactType();
  grown.fields.push_back(Field::integer("visits", "Visits").markIndexed());
  catalog = catalogOf({grown}, refused);
  EntityTables::sync(*c, catalog, refused, 3);
  REQUIRE(refused.empty());
  const auto& now = *catalog.find("contact");
  auto row = EntityRepository::find(*c, now, id);
  REQUIRE(row);
  CHECK(row->externalId == "C-1");
  CHECK(db::asString(row->values[0]) == "Anna");
  CHECK(db::asString(row->values[2]) == "first");
  CHECK(db::isNull(row->values[4]));
  CHECK(EntityRepository::update(*c, now, id, {{&field(now, "visits"), std::int64_t{3}}}, 20));
  CHECK(db::asInt(EntityRepository::find(*c, now, id)->values[4]) == 3);

  // Declaring a stored field with another type is refused: nothing is converted or dropped.
  auto changed = grown;
  changed.fields.back() = Field::money("visits", "Visits");
  catalog = catalogOf({changed}, refused);
  EntityTables::sync(*c, catalog, refused, 4);
  CHECK(catalog.types().empty());
  REQUIRE(refused.size() == 1);
  CHECK(refused[0].reason ==
        "field 'visits' is stored as integer but now declared money; stored values are never"
        " converted: declare the new field under another name");
  CHECK(db::asInt(
            c->query("SELECT visits FROM entity_contact WHERE id = ?", {id}).rows.at(0).at(0)) ==
        3);
}

TEST_CASE("entity rows: external ids, filters, paging and references", "[entities][store]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  ContactStore s(backend);
  auto& c = s.c;
  const auto& type = *s.catalog.find("contact");
  const auto& name = field(type, "first_name");
  const char* names[] = {"Anna", "Andrei", "An%na", "Boris", "An_drei"};
  std::vector<std::int64_t> ids;
  for (const auto* n : names)
    ids.push_back(EntityRepository::insert(*c, type, "", {{&name, std::string(n)}}, 1));
  CHECK(EntityRepository::insert(*c, type, "X-1", {{&name, std::string("Xenia")}}, 1) > 0);
  CHECK_THROWS_AS(EntityRepository::insert(*c, type, "X-1", {}, 1), db::DbError);
  CHECK(EntityRepository::idOf(*c, type, "X-1"));
  CHECK_FALSE(EntityRepository::idOf(*c, type, "x-1"));

  auto prefix = [&](const char* p) {
    return EntityRepository::count(*c, type, {{&name, EntityFilter::Op::kPrefix, std::string(p)}});
  };
  CHECK(prefix("An") == 4);
  CHECK(prefix("An%") == 1);  // wildcards in a prefix are plain characters
  CHECK(prefix("An_") == 1);
  CHECK(prefix("") == 6);
  CHECK(EntityRepository::count(*c, type,
                                {{&name, EntityFilter::Op::kEquals, std::string("Boris")}}) == 1);

  auto page = EntityRepository::list(*c, type, {}, 0, 2);
  REQUIRE(page.size() == 2);
  auto next = EntityRepository::list(*c, type, {}, page.back().id, 10);
  CHECK(next.size() == 4);
  CHECK(next.front().id == ids[2]);

  CHECK(EntityRepository::remove(*c, type, ids[0]));
  CHECK_FALSE(EntityRepository::remove(*c, type, ids[0]));
  CHECK_FALSE(EntityRepository::update(*c, type, ids[0], {{&name, std::string("x")}}, 2));
  CHECK_FALSE(EntityRepository::find(*c, type, ids[0]));
}
