#include "entities/entity_setup.h"

#include <map>

#include "outbox/clock.h"
#include "schema/entity_tables.h"

namespace pigeon::host {

entity::EntityCatalog loadEntityCatalog(PluginRegistry& plugins, db::Connection& c,
                                        Poco::Logger& logger) {
  std::map<std::string, std::string> pluginOf;  // type name -> the plugin that declared it first
  std::vector<entity::EntityType> declared;
  for (auto& d : plugins.entityTypes()) {
    auto [first, fresh] = pluginOf.emplace(d.type.name, d.plugin);
    if (!fresh) {
      plugins.refuseLoaded(d.plugin, "entity type '" + d.type.name + "' is declared by " +
                                         first->second + " already");
      logger.error("plugin %s refused: type '%s' is declared by %s already", d.plugin, d.type.name,
                   first->second);
      continue;
    }
    declared.push_back(std::move(d.type));
  }
  std::vector<entity::RefusedType> refused;
  auto catalog = entity::EntityCatalog::build(std::move(declared), refused);
  entity::EntityTables::sync(c, catalog, refused, nowMs());
  for (const auto& r : refused) {
    const auto& plugin = pluginOf[r.typeName];
    plugins.refuseLoaded(plugin, r.reason);
    logger.error("plugin %s refused: %s", plugin, r.reason);
  }
  for (const auto& t : catalog.types())
    logger.information("entity type %s: %z fields", t.name, t.fields.size());
  return catalog;
}

}  // namespace pigeon::host
