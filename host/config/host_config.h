#pragma once
// pigeond's settings: read from a properties file, checked against one table of keys
// (host_config.cpp), and handed to the subsystems as typed values.

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "webhooks/webhook_settings.h"

namespace pigeon::host {

// A bad setting: the message names the key and what is wrong with it.
class ConfigError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct ProviderInstanceConfig {
  std::string instance;                         // provider.<instance>.plugin
  std::string plugin;                           // a plugin name, e.g. pigeon.provider.simulator
  std::map<std::string, std::string> settings;  // provider.<instance>.<field>, unvalidated
};

struct HostConfig {
  std::string httpAddress;
  int httpPort = 8080;
  int httpThreads = 64;
  int httpLoopThreads = 1;
  std::string dataDir;
  std::string dbUrl;
  bool sqliteSynchronousFull = false;
  std::string pluginsDir;  // empty: <pigeond's folder>/../plugins
  std::string defaultRegion;
  int retryMaxAttempts = 5;
  int retryBackoffMs = 1000;
  int retryMaxBackoffMs = 300000;
  int throttleBackoffMs = 200;
  int maxParts = 10;
  int pluginCallTimeoutMs = 10000;
  int balanceRefreshSeconds = 300;
  int sessionIdleMinutes = 30;
  int maxFailedLogins = 5;
  int lockoutMinutes = 15;
  int dispatcherBatch = 500;
  int dispatcherMaxInFlight = 5000;
  int leaseSeconds = 60;
  int dlrTimeoutSeconds = 172800;
  WebhookSettings webhooks;
  std::string campaignTimeZone = "UTC";
  int campaignLeaseSeconds = 15;
  int campaignWindow = 5000;
  int alertCheckSeconds = 15;
  std::string hostId;
  std::string defaultProvider;
  std::vector<ProviderInstanceConfig> providers;
};

// Throws ConfigError naming the key on an unknown key, a bad value or a missing file.
HostConfig loadHostConfigFile(const std::string& path);
HostConfig loadHostConfig(const std::map<std::string, std::string>& properties);

}  // namespace pigeon::host
