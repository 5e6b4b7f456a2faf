// pigeon.entity.contact: the contact entity type (people a CRM texts).

#include "pigeon/sdk/entity/entity_factory.h"
#include "pigeon/sdk/export.h"

namespace {

using pigeon::sdk::entity::EntityType;
using pigeon::sdk::entity::Field;

EntityType declare() {
  EntityType t;
  t.name = "contact";
  t.label = "Contacts";
  t.phoneField = "phone";
  t.displayField = "last_name";
  t.fields = {
      Field::string("first_name", "First name").markRequired(),
      Field::string("last_name", "Last name").markIndexed(),
      Field::string("middle_name", "Middle name"),
      Field::phone("phone", "Mobile number").markIndexed(),
      Field::string("email", "Email").maxChars(254),
      Field::date("birth_date", "Birth date"),
      Field::oneOf("gender", {"female", "male", "other"}, "Gender"),
      Field::string("language", "Language (e.g. en, ru, fa)").maxChars(16),
      Field::string("city", "City").markIndexed(),
      Field::reference("account", "account", "Account"),
      Field::reference("owner", "user", "Owner"),
  };
  return t;
}

}  // namespace

extern "C" const pigeon::sdk::PluginDescriptor kContactDescriptor = pigeon::sdk::describePlugin(
    pigeon::sdk::PluginKind::kEntity, "pigeon.entity.contact", "0.1.0",
    "Contact entity: the people a CRM texts", &pigeon::sdk::entityFactory<declare>);

PIGEON_EXPORT_PLUGIN(kContactDescriptor)
