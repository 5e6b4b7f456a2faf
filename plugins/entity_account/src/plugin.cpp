// pigeon.entity.account: the account entity type (what a customer pays through).

#include "pigeon/sdk/entity/entity_factory.h"
#include "pigeon/sdk/export.h"

namespace {

using pigeon::sdk::entity::EntityType;
using pigeon::sdk::entity::Field;

EntityType declare() {
  EntityType t;
  t.name = "account";
  t.label = "Accounts";
  t.phoneField = "phone";
  t.displayField = "name";
  t.fields = {
      Field::string("name", "Name").markRequired().markIndexed(),
      Field::string("number", "Account number").markIndexed(),
      Field::phone("phone", "Phone").markIndexed(),
      Field::oneOf("status", {"active", "suspended", "closed"}, "Status"),
      Field::string("tariff", "Tariff"),
      Field::string("currency", "Currency").maxChars(3),
      Field::money("balance", "Balance"),
      Field::money("debt", "Debt"),
      Field::date("contract_end", "Contract end").markIndexed(),
      Field::integer("minutes_used", "Minutes used"),
      Field::integer("sms_used", "SMS used"),
      Field::decimal("data_used_mb", "Data used, MB"),
      Field::reference("owner", "user", "Owner"),
  };
  return t;
}

}  // namespace

extern "C" const pigeon::sdk::PluginDescriptor kAccountDescriptor = pigeon::sdk::describePlugin(
    pigeon::sdk::PluginKind::kEntity, "pigeon.entity.account", "0.1.0",
    "Account entity: balance, debt, tariff and usage", &pigeon::sdk::entityFactory<declare>);

PIGEON_EXPORT_PLUGIN(kAccountDescriptor)
