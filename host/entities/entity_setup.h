#pragma once
// Start-up: the entity types the loaded plugins declare become the catalog the host serves,
// their tables brought up to date. A plugin whose type is unusable (a bad declaration, a name
// another plugin took first, a reference to a type nobody declares, a field whose type
// changed) is refused on the Plugins page with the reason; the others are served.

#include <Poco/Logger.h>

#include "db/connection.h"
#include "plugins/plugin_registry.h"
#include "schema/entity_catalog.h"

namespace pigeon::host {

entity::EntityCatalog loadEntityCatalog(PluginRegistry& plugins, db::Connection& c,
                                        Poco::Logger& logger);

}  // namespace pigeon::host
