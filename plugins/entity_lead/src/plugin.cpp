// pigeon.entity.lead: the lead entity type (prospects not yet won).

#include "pigeon/sdk/entity/entity_factory.h"
#include "pigeon/sdk/export.h"

namespace {

using pigeon::sdk::entity::EntityType;
using pigeon::sdk::entity::Field;

EntityType declare() {
  EntityType t;
  t.name = "lead";
  t.label = "Leads";
  t.phoneField = "phone";
  t.displayField = "last_name";
  t.fields = {
      Field::string("first_name", "First name"),
      Field::string("last_name", "Last name").markIndexed(),
      Field::string("company", "Company"),
      Field::phone("phone", "Mobile number").markIndexed(),
      Field::string("email", "Email").maxChars(254),
      Field::string("source", "Source"),
      Field::oneOf("status", {"new", "contacted", "qualified", "converted", "lost"}, "Status")
          .markIndexed(),
      Field::reference("owner", "user", "Owner"),
  };
  return t;
}

}  // namespace

extern "C" const pigeon::sdk::PluginDescriptor kLeadDescriptor = pigeon::sdk::describePlugin(
    pigeon::sdk::PluginKind::kEntity, "pigeon.entity.lead", "0.1.0",
    "Lead entity: prospects, their source and status", &pigeon::sdk::entityFactory<declare>);

PIGEON_EXPORT_PLUGIN(kLeadDescriptor)
