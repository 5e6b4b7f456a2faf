#pragma once
// Provider instances over their whole life: the config file's at start-up, and those an admin
// adds, edits and removes while the host runs. Admin-made instances are stored (table
// provider_instances) and come back after a restart; the file's stay read-only in the admin,
// because the file would undo an edit at the next start.

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "auth/authenticator.h"
#include "config/host_config.h"
#include "db/connection_pool.h"
#include "plugins/plugin_registry.h"
#include "providers/provider_events.h"
#include "providers/provider_set.h"

namespace pigeon::host {

struct ProviderRow {
  std::shared_ptr<ProviderInstance> instance;
  bool fromFile = false;
  bool isDefault = false;
  sdk::Result<sdk::Balance> balance = sdk::Status::temporary("not asked");
  double throughput = 0;
};

class ProviderAdmin {
public:
  ProviderAdmin(PluginRegistry& plugins, ProviderSet& providers, ProviderEvents& events,
                db::ConnectionPool& pool, std::chrono::milliseconds pluginTimeout);

  // Start-up: the file's instances (a bad one throws ConfigError naming its key), then the
  // stored ones (a bad one shows as failed: the admin made it, the admin can fix it), then the
  // default (the admin's choice, if that instance still exists, else the file's).
  void load(const HostConfig& config);
  // Starts what load() created; called once the host can take their reports.
  void startLoaded();

  std::vector<ProviderRow> list();
  bool fromFile(const std::string& name) const { return fileNames_.count(name) > 0; }
  bool exists(const std::string& name) const { return providers_.find(name) != nullptr; }
  // An admin-made instance's stored settings (secrets included: the caller blanks them).
  std::map<std::string, std::string> storedSettings(const std::string& name);
  std::string pluginOf(const std::string& name);

  // Each throws ApiError: 422 naming the field for bad input, 404 for an unknown instance,
  // 409 for the file's instances. Applied at once, no restart.
  void add(const Caller& who, const std::string& name, const std::string& plugin,
           const std::map<std::string, std::string>& raw);
  // Secret fields left empty keep their stored value.
  void update(const Caller& who, const std::string& name,
              const std::map<std::string, std::string>& raw);
  void remove(const Caller& who, const std::string& name);
  void setDefault(const Caller& who, const std::string& name);

  std::chrono::milliseconds pluginTimeout() const { return timeout_; }

  // Fields every instance has whatever its plugin, kept by the host (price_per_part). They sit
  // beside the plugin's own fields in the config file and the form.
  static const sdk::ConfigSchema& instanceSchema();

private:
  struct Built {
    std::shared_ptr<ProviderInstance> instance;
    std::shared_ptr<sdk::Provider> provider;  // null when the plugin refused
  };
  // An instance's settings checked: the plugin's against its schema, the host's against
  // instanceSchema(). `errors` names the first bad field; values are meaningful when empty.
  struct Checked {
    sdk::ConfigValues plugin;
    double pricePerPart = 0;
    std::string callbackSecret;
    std::string errorField;
    std::string error;
  };
  Checked check(const std::string& plugin, const std::map<std::string, std::string>& raw) const;
  Checked validated(const std::string& plugin,
                    const std::map<std::string, std::string>& raw) const;  // throws ApiError
  Built build(const std::string& name, const std::string& plugin, const Checked& checked);
  void startNow(Built built);
  std::map<std::string, std::string> auditable(const std::string& plugin,
                                               std::map<std::string, std::string> raw) const;

  PluginRegistry& plugins_;
  ProviderSet& providers_;
  ProviderEvents& events_;
  db::ConnectionPool& pool_;
  std::chrono::milliseconds timeout_;
  std::set<std::string> fileNames_;
  std::vector<Built> pending_;
  std::mutex changeMutex_;  // one admin change at a time: add/update/remove never interleave
};

}  // namespace pigeon::host
