// Entity type declarations: what the catalog refuses, and why.

#include <catch2/catch.hpp>

#include "schema/entity_catalog.h"

using namespace pigeon;
using sdk::entity::EntityType;
using sdk::entity::Field;

namespace {

EntityType contact() {
  return {"contact",
          "Contacts",
          {Field::string("first_name", "First name").markRequired(),
           Field::phone("phone", "Phone").markIndexed(),
           Field::reference("account", "account", "Account")},
          "phone",
          "first_name"};
}

EntityType account() { return {"account", "Accounts", {Field::money("debt", "Debt")}, "", ""}; }

}  // namespace

TEST_CASE("a declaration is checked field by field", "[entities]") {
  CHECK(entity::checkEntityType(contact()).empty());
  struct Case {
    const char* what;
    std::function<void(EntityType&)> spoil;
    const char* problem;
  };
  const Case cases[] = {
      {"type name", [](EntityType& t) { t.name = "Contact"; },
       "type name 'Contact' must be lower_snake_case, at most 32 characters"},
      {"no fields", [](EntityType& t) { t.fields.clear(); }, "type 'contact' declares no fields"},
      {"field name", [](EntityType& t) { t.fields[0].name = "first name"; },
       "field 'first name': a field name is lower_snake_case, at most 48 characters"},
      {"system column", [](EntityType& t) { t.fields[0].name = "external_id"; },
       "field 'external_id': the name is taken by a column every entity has"},
      {"twice", [](EntityType& t) { t.fields.push_back(t.fields[0]); },
       "field 'first_name' is declared twice"},
      {"empty enum", [](EntityType& t) { t.fields.push_back(Field::oneOf("s", {}, "S")); },
       "field 's': an enum needs at least one choice"},
      {"repeated choice",
       [](EntityType& t) {
         t.fields.push_back(Field::oneOf("s", {"a", "a"}, "S"));
       },
       "field 's': choice 'a' is listed twice"},
      {"length", [](EntityType& t) { t.fields[0].maxLength = 0; },
       "field 'first_name': max length must be 1 to 65535"},
      {"target", [](EntityType& t) { t.fields[2].target = ""; },
       "field 'account': a reference names the entity type it refers to"},
      {"phone field", [](EntityType& t) { t.phoneField = "first_name"; },
       "phone field 'first_name' is not a phone field of the type"},
      {"display field", [](EntityType& t) { t.displayField = "nickname"; },
       "display field 'nickname' is not a field of the type"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    auto t = contact();
    c.spoil(t);
    CHECK(entity::checkEntityType(t) == c.problem);
  }
}

TEST_CASE("the catalog refuses clashes and references to missing types", "[entities]") {
  std::vector<entity::RefusedType> refused;
  auto lead = EntityType{"lead", "Leads", {Field::reference("contact", "contact", "C")}, "", ""};
  auto catalog = entity::EntityCatalog::build({contact(), account(), account(), lead}, refused);
  CHECK(catalog.types().size() == 3);
  REQUIRE(refused.size() == 1);
  CHECK(refused[0].reason == "another plugin already declares type 'account'");
  REQUIRE(catalog.referencesTo("account").size() == 1);
  CHECK(catalog.referencesTo("account")[0].second->name == "account");

  // Without accounts, contacts refer to nothing, and leads then refer to nothing either.
  refused.clear();
  catalog = entity::EntityCatalog::build({contact(), lead}, refused);
  CHECK(catalog.types().empty());
  REQUIRE(refused.size() == 2);
  CHECK(refused[0].reason == "field 'account' refers to type 'account', which no plugin declares");
  CHECK(refused[1].typeName == "lead");

  refused.clear();
  catalog = entity::EntityCatalog::build({contact(), account(), lead}, refused);
  catalog.drop("account", "its table could not be changed", refused);
  CHECK(catalog.types().empty());
  CHECK(refused.size() == 3);
}
