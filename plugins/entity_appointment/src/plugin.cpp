// pigeon.entity.appointment: the appointment entity type (visits to remind contacts of).

#include "pigeon/sdk/entity/entity_factory.h"
#include "pigeon/sdk/export.h"

namespace {

using pigeon::sdk::entity::EntityType;
using pigeon::sdk::entity::Field;

EntityType declare() {
  EntityType t;
  t.name = "appointment";
  t.label = "Appointments";
  t.phoneField = "";
  t.displayField = "starts_at";
  t.fields = {
      Field::reference("contact", "contact", "Contact").markRequired(),
      Field::dateTime("starts_at", "Starts at").markRequired().markIndexed(),
      Field::dateTime("ends_at", "Ends at"),
      Field::string("location", "Location"),
      Field::string("with_whom", "With (doctor, engineer...)"),
      // The clinic's branch (or shop, office): reminders are reported and queued per branch.
      Field::string("branch", "Branch").markIndexed(),
      // The client asked for no SMS about this visit: reminder rules skip it by default.
      Field::boolean("refuses_sms", "Refuses SMS"),
      Field::oneOf("status", {"scheduled", "confirmed", "cancelled", "done"}, "Status")
          .markIndexed(),
      Field::reference("owner", "user", "Owner"),
  };
  return t;
}

}  // namespace

extern "C" const pigeon::sdk::PluginDescriptor kAppointmentDescriptor = pigeon::sdk::describePlugin(
    pigeon::sdk::PluginKind::kEntity, "pigeon.entity.appointment", "0.1.0",
    "Appointment entity: when, where and with whom a contact is expected",
    &pigeon::sdk::entityFactory<declare>);

PIGEON_EXPORT_PLUGIN(kAppointmentDescriptor)
