#include "config/host_config.h"

#include <Poco/AutoPtr.h>
#include <Poco/Environment.h>
#include <Poco/Exception.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <filesystem>
#include <functional>

#include "campaigns/time_zones.h"
#include "config/schema_validator.h"
#include "db/connection.h"
#include "db/database_url.h"
#include "phone/phone_normalizer.h"

namespace pigeon::host {

namespace {

using sdk::ConfigField;

ConfigField integer(const char* name, const char* def, double min, double max, const char* help) {
  return ConfigField::integer(name, help).defaultsTo(def).range(min, max);
}

ConfigField text(const char* name, const char* def, const char* help) {
  return ConfigField::string(name, help).defaultsTo(def);
}

// Every key pigeond reads, apart from provider.<instance>.* (checked against the plugin's own
// schema) and providers.default. A new setting is a new row here plus a line in apply().
const sdk::ConfigSchema& hostSchema() {
  static const sdk::ConfigSchema schema = [] {
    sdk::ConfigSchema s{
        text("http.address", "127.0.0.1", "Address the API and admin listen on"),
        integer("http.port", "8080", 0, 65535, "Port the API and admin listen on; 0 picks one"),
        integer("http.threads", "64", 1, 1024,
                "Worker threads for handlers that may block; also the store connection pool"),
        integer("http.loop_threads", "1", 1, 64,
                "Event-loop threads holding the HTTP connections (one per spare core)"),
        text("data.dir", "var", "Folder for the embedded store and run-time files"),
        text("db.url", "",
             "sqlite:PATH or mysql://USER:PASS@HOST:PORT/DB; default sqlite in data.dir"),
        ConfigField::oneOf("db.sqlite.synchronous", {"normal", "full"},
                           "normal survives a crash; full also survives power loss")
            .defaultsTo("normal"),
        text("plugins.dir", "", "Folder of plugin .so files; default: ../plugins beside pigeond"),
        text("phone.default_region", "RU", "ISO country for numbers written without +"),
        integer("retry.max_attempts", "5", 1, 100, "Attempts before a message fails"),
        integer("retry.backoff_ms", "1000", 0, 86400000, "First retry delay, doubled each attempt"),
        integer("retry.max_backoff_ms", "300000", 0, 86400000, "Longest retry delay"),
        integer("retry.throttle_backoff_ms", "200", 0, 600000, "Delay after a provider throttles"),
        integer("messages.max_parts", "10", 1, 255, "Longest text accepted, in SMS parts"),
        integer("dispatcher.batch", "500", 1, 100000, "Messages claimed per round"),
        integer("dispatcher.max_in_flight", "5000", 1, 1000000,
                "Messages handed to providers and not yet answered"),
        integer("dispatcher.lease_s", "60", 1, 86400,
                "How long a claim holds before another host may take it"),
        integer("webhooks.poll_ms", "500", 10, 60000,
                "How often new events and due webhook deliveries are looked for"),
        integer("webhooks.timeout_ms", "5000", 100, 120000, "Longest wait for a webhook's answer"),
        integer("webhooks.retry_base_ms", "10000", 10, 3600000,
                "First retry of a webhook delivery; three times longer after each, at most 1 h"),
        integer("webhooks.max_attempts", "12", 1, 100,
                "Tries before a webhook delivery is given up (failed)"),
        integer("webhooks.retention_days", "30", 1, 3650,
                "How long delivered and failed webhook deliveries are kept"),
        text("campaigns.time_zone", "UTC",
             "Zone of recipients whose own is not known, and of report days (IANA name)"),
        integer("campaigns.lease_s", "15", 2, 3600,
                "How long the scheduler's lease holds; another host takes over after"),
        integer("campaigns.window", "5000", 10, 1000000,
                "A campaign's messages queued in the outbox at most at a time"),
        integer("alerts.check_s", "15", 1, 3600,
                "How often the host checks what staff alert rules watch"),
        integer("dlr.timeout_s", "172800", 1, 2592000,
                "A submitted message with no report expires after this"),
        text("host.id", "", "Name of this host in leases; default: the machine's host name"),
        integer("plugins.call_timeout_ms", "10000", 100, 600000,
                "Longest wait for a plugin's factory or balance(); a hung plugin is failed"),
        integer("providers.balance_refresh_s", "300", 0, 86400,
                "Seconds between balance queries to every instance; 0 = only when shown"),
        integer("admin.session_idle_minutes", "30", 1, 1440,
                "An admin session ends after this long without a request"),
        integer("admin.max_failed_logins", "5", 1, 100,
                "Failed sign-ins in a row that lock an account"),
        integer("admin.lockout_minutes", "15", 1, 1440, "How long a locked account stays locked"),
    };
    return s;
  }();
  return schema;
}

int intOf(const sdk::ConfigValues& v, const char* key) {
  return static_cast<int>(v.getInteger(key));
}

void collectKeys(const Poco::Util::AbstractConfiguration& config, const std::string& prefix,
                 std::map<std::string, std::string>& out) {
  Poco::Util::AbstractConfiguration::Keys keys;
  config.keys(prefix, keys);
  for (const auto& k : keys) {
    std::string full = prefix.empty() ? k : prefix + "." + k;
    if (config.hasOption(full)) out[full] = config.getRawString(full);
    collectKeys(config, full, out);
  }
}

}  // namespace

HostConfig loadHostConfig(const std::map<std::string, std::string>& properties) {
  std::map<std::string, std::string> own;
  std::map<std::string, ProviderInstanceConfig> providers;
  HostConfig c;
  for (const auto& [key, value] : properties) {
    if (key == "providers.default") {
      c.defaultProvider = value;
    } else if (key.rfind("provider.", 0) == 0) {
      auto rest = key.substr(9);
      auto dot = rest.find('.');
      if (dot == std::string::npos || dot == 0 || dot + 1 == rest.size())
        throw ConfigError("config key '" + key + "': expected provider.<instance>.<field>");
      auto instance = rest.substr(0, dot);
      auto field = rest.substr(dot + 1);
      auto& p = providers[instance];
      p.instance = instance;
      if (field == "plugin")
        p.plugin = value;
      else
        p.settings[field] = value;
    } else {
      own[key] = value;
    }
  }
  auto checked = validateConfig(hostSchema(), own);
  if (!checked.ok()) {
    const auto& e = checked.errors.front();
    throw ConfigError("config key '" + e.field + "' " + e.message);
  }
  const auto& v = checked.values;
  c.httpAddress = v.getString("http.address");
  c.httpPort = intOf(v, "http.port");
  c.httpThreads = intOf(v, "http.threads");
  c.httpLoopThreads = intOf(v, "http.loop_threads");
  c.dataDir = v.getString("data.dir");
  c.dbUrl = v.getString("db.url");
  if (c.dbUrl.empty())
    c.dbUrl = "sqlite:" + (std::filesystem::path(c.dataDir) / "pigeon.db").string();
  try {
    db::parseDatabaseUrl(c.dbUrl);
  } catch (const db::DbError& e) {
    throw ConfigError("config key 'db.url': " + std::string(e.what()));
  }
  c.sqliteSynchronousFull = v.getString("db.sqlite.synchronous") == "full";
  c.pluginsDir = v.getString("plugins.dir");
  c.defaultRegion = v.getString("phone.default_region");
  try {
    phone::PhoneNormalizer check(c.defaultRegion);
  } catch (const std::invalid_argument& e) {
    throw ConfigError("config key 'phone.default_region': " + std::string(e.what()));
  }
  c.retryMaxAttempts = intOf(v, "retry.max_attempts");
  c.retryBackoffMs = intOf(v, "retry.backoff_ms");
  c.retryMaxBackoffMs = intOf(v, "retry.max_backoff_ms");
  c.throttleBackoffMs = intOf(v, "retry.throttle_backoff_ms");
  c.maxParts = intOf(v, "messages.max_parts");
  c.pluginCallTimeoutMs = intOf(v, "plugins.call_timeout_ms");
  c.balanceRefreshSeconds = intOf(v, "providers.balance_refresh_s");
  c.sessionIdleMinutes = intOf(v, "admin.session_idle_minutes");
  c.maxFailedLogins = intOf(v, "admin.max_failed_logins");
  c.lockoutMinutes = intOf(v, "admin.lockout_minutes");
  c.dispatcherBatch = intOf(v, "dispatcher.batch");
  c.dispatcherMaxInFlight = intOf(v, "dispatcher.max_in_flight");
  c.leaseSeconds = intOf(v, "dispatcher.lease_s");
  c.dlrTimeoutSeconds = intOf(v, "dlr.timeout_s");
  c.webhooks = {intOf(v, "webhooks.poll_ms"), intOf(v, "webhooks.timeout_ms"),
                intOf(v, "webhooks.retry_base_ms"), intOf(v, "webhooks.max_attempts"),
                intOf(v, "webhooks.retention_days")};
  c.campaignTimeZone = v.getString("campaigns.time_zone");
  if (!campaigns::knownTimeZone(c.campaignTimeZone))
    throw ConfigError("config key 'campaigns.time_zone': unknown time zone '" + c.campaignTimeZone +
                      "' (an IANA name such as Europe/Moscow)");
  c.campaignLeaseSeconds = intOf(v, "campaigns.lease_s");
  c.campaignWindow = intOf(v, "campaigns.window");
  c.alertCheckSeconds = intOf(v, "alerts.check_s");
  c.hostId = v.getString("host.id");
  if (c.hostId.empty()) c.hostId = Poco::Environment::nodeName();

  for (auto& [name, p] : providers) {
    if (p.plugin.empty())
      throw ConfigError("config key 'provider." + name +
                        ".plugin' is required: which plugin runs instance '" + name + "'");
    c.providers.push_back(std::move(p));
  }
  if (!c.defaultProvider.empty() && !providers.count(c.defaultProvider))
    throw ConfigError("config key 'providers.default' names '" + c.defaultProvider +
                      "', which is not a configured provider instance");
  return c;
}

HostConfig loadHostConfigFile(const std::string& path) {
  if (!std::filesystem::exists(path))
    throw ConfigError("config file '" + path + "' does not exist");
  // Poco's loader loops until eof, and reading a folder fails without ever reaching eof: it
  // would spin forever instead of reporting the mistake.
  if (std::filesystem::is_directory(path))
    throw ConfigError("config file '" + path + "' is a folder, not a properties file");
  std::map<std::string, std::string> properties;
  try {
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file(
        new Poco::Util::PropertyFileConfiguration(path));
    collectKeys(*file, "", properties);
  } catch (const Poco::Exception& e) {
    throw ConfigError("config file '" + path + "': " + e.displayText());
  }
  try {
    return loadHostConfig(properties);
  } catch (const ConfigError& e) {
    throw ConfigError(path + ": " + e.what());
  }
}

}  // namespace pigeon::host
