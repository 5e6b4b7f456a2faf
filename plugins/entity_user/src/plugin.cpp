// pigeon.entity.user: the user entity type (the CRM's own staff, who own records).

#include "pigeon/sdk/entity/entity_factory.h"
#include "pigeon/sdk/export.h"

namespace {

using pigeon::sdk::entity::EntityType;
using pigeon::sdk::entity::Field;

EntityType declare() {
  EntityType t;
  t.name = "user";
  t.label = "CRM users";
  t.phoneField = "phone";
  t.displayField = "name";
  t.fields = {
      Field::string("name", "Name").markRequired(),
      Field::string("login", "Pigeon login name").markIndexed(),
      Field::string("email", "Email").maxChars(254),
      Field::phone("phone", "Phone"),
      Field::string("team", "Team"),
      Field::boolean("active", "Active"),
  };
  return t;
}

}  // namespace

extern "C" const pigeon::sdk::PluginDescriptor kUserDescriptor = pigeon::sdk::describePlugin(
    pigeon::sdk::PluginKind::kEntity, "pigeon.entity.user", "0.1.0",
    "User entity: the CRM's staff, who own records", &pigeon::sdk::entityFactory<declare>);

PIGEON_EXPORT_PLUGIN(kUserDescriptor)
