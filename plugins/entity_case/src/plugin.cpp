// pigeon.entity.case: the case entity type (support requests and their progress).

#include "pigeon/sdk/entity/entity_factory.h"
#include "pigeon/sdk/export.h"

namespace {

using pigeon::sdk::entity::EntityType;
using pigeon::sdk::entity::Field;

EntityType declare() {
  EntityType t;
  t.name = "case";
  t.label = "Cases";
  t.phoneField = "";
  t.displayField = "subject";
  t.fields = {
      Field::string("subject", "Subject").markRequired(),
      Field::string("description", "Description").maxChars(4000),
      Field::oneOf("status", {"open", "in_progress", "resolved", "closed"}, "Status").markIndexed(),
      Field::oneOf("priority", {"low", "normal", "high", "critical"}, "Priority"),
      Field::boolean("urgent", "Flagged for the 24x7 team"),
      Field::oneOf("channel", {"sms", "email", "phone", "web"}, "Channel"),
      Field::reference("contact", "contact", "Contact"),
      Field::reference("owner", "user", "Owner"),
  };
  return t;
}

}  // namespace

extern "C" const pigeon::sdk::PluginDescriptor kCaseDescriptor = pigeon::sdk::describePlugin(
    pigeon::sdk::PluginKind::kEntity, "pigeon.entity.case", "0.1.0",
    "Case entity: support requests, status and priority", &pigeon::sdk::entityFactory<declare>);

PIGEON_EXPORT_PLUGIN(kCaseDescriptor)
