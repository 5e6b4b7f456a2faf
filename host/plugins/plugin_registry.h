#pragma once
// Loads plugin files, checks their descriptors, and keeps a row for every file it saw:
// loaded, or refused with the reason (the /api/v1/plugins list and the admin's Plugins page).

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "pigeon/sdk/entity/entity_type.h"
#include "pigeon/sdk/host_context.h"
#include "pigeon/sdk/keyword/keyword_handler.h"
#include "pigeon/sdk/plugin_descriptor.h"
#include "pigeon/sdk/provider/provider.h"

namespace boost::dll {
class shared_library;
}

namespace pigeon::host {

struct PluginInfo {
  std::string file;
  std::string name;
  std::string kind;
  std::string version;
  std::string sdkVersion;
  std::string summary;
  bool loaded = false;
  std::string reason;  // why it was refused
};

struct DeclaredEntity {
  std::string plugin;
  sdk::entity::EntityType type;
};

class PluginRegistry {
public:
  PluginRegistry();
  ~PluginRegistry();

  // Loads every *.so in the folder, in name order. Never throws for a bad file.
  void scan(const std::filesystem::path& dir);
  // Loads one file; the returned row says whether it was accepted.
  PluginInfo load(const std::filesystem::path& file);

  std::vector<PluginInfo> list() const;
  bool has(const std::string& name) const;
  // The plugin's config schema; empty when the plugin is unknown.
  sdk::ConfigSchema schema(const std::string& name) const;
  std::string kindOf(const std::string& name) const;

  // Creates a provider, waiting at most `timeout` for the plugin's factory. The returned
  // object keeps its library loaded until it is destroyed.
  sdk::Result<std::shared_ptr<sdk::Provider>> createProvider(
      const std::string& name, const sdk::ConfigValues& config,
      std::shared_ptr<sdk::HostContext> host, std::chrono::milliseconds timeout) const;

  // A keyword rule's handler, from settings validated against the plugin's schema. The
  // returned object keeps its library loaded until it is destroyed.
  sdk::Result<std::shared_ptr<sdk::keyword::KeywordHandler>> createKeywordHandler(
      const std::string& name, const sdk::ConfigValues& settings) const;
  // The words a keyword plugin answers with these settings when its rule lists none.
  std::vector<std::string> keywordDefaults(const std::string& name,
                                           const sdk::ConfigValues& settings) const;

  // The types entity plugins declared, as they declared them (EntityCatalog checks them).
  std::vector<DeclaredEntity> entityTypes() const;
  // Refuses a plugin already loaded, when the host finds it unusable later (an entity type
  // another plugin declares too): its row says why, and it is no longer offered.
  void refuseLoaded(const std::string& name, const std::string& reason);

private:
  struct Loaded {
    std::shared_ptr<boost::dll::shared_library> library;
    const sdk::PluginDescriptor* descriptor = nullptr;
    const sdk::PluginFactory* factory = nullptr;
    sdk::ConfigSchema schema;
    std::string file;
    sdk::entity::EntityType entityType;  // kEntity only
  };
  const Loaded* findLoaded(const std::string& name) const;  // caller holds mutex_
  std::string loadedFrom(const std::string& name) const;    // the file, or empty

  mutable std::mutex mutex_;
  std::vector<Loaded> loaded_;
  std::vector<PluginInfo> rows_;
};

}  // namespace pigeon::host
