#pragma once
// The factory an entity plugin exports through its descriptor (PluginKind::kEntity).

#include "pigeon/sdk/entity/entity_type.h"
#include "pigeon/sdk/plugin_factory.h"

namespace pigeon::sdk {

class EntityFactory : public PluginFactory {
public:
  // The type this plugin declares. Called once at load; MUST NOT throw. The host checks the
  // declaration (names, choices, targets) and refuses the plugin with the reason if it is bad.
  virtual entity::EntityType type() const = 0;
  // Entity plugins take no settings: the declaration is the whole plugin.
  ConfigSchema schema() const override { return {}; }
};

// The factory of a plugin whose whole content is one declaration:
//   EntityType declare() { ... }
//   extern "C" const PluginDescriptor kDescriptor = describePlugin(
//       PluginKind::kEntity, "com.example.entity.policy", "1.0.0", "Policies",
//       &entityFactory<declare>);
template <entity::EntityType (*Declare)()>
const PluginFactory& entityFactory() {
  struct Factory final : EntityFactory {
    entity::EntityType type() const override { return Declare(); }
  };
  static const Factory instance;
  return instance;
}

}  // namespace pigeon::sdk
