#include "config/host_config.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/temp_dir.h"

using pigeon::host::ConfigError;
using pigeon::host::HostConfig;
using pigeon::host::loadHostConfig;
using pigeon::host::loadHostConfigFile;

namespace {

using Properties = std::map<std::string, std::string>;

// The ConfigError's message, or a note that nothing (or something else) was thrown.
template <typename Load>
std::string configErrorFrom(Load&& load) {
  try {
    load();
  } catch (const ConfigError& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("<not a ConfigError: ") + e.what() + ">";
  }
  return "<no error>";
}

// Writes a properties file into the test's own folder.
std::string writeFile(const pigeon::test::TempDir& dir, const std::string& name,
                      const std::string& text) {
  const auto path = dir.file(name);
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("an empty config gives every default", "[config]") {
  const HostConfig c = loadHostConfig({});
  CHECK(c.httpAddress == "127.0.0.1");
  CHECK(c.httpPort == 8080);
  CHECK(c.httpThreads == 64);
  CHECK(c.dataDir == "var");
  CHECK(c.dbUrl == "sqlite:var/pigeon.db");
  CHECK_FALSE(c.sqliteSynchronousFull);
  CHECK(c.pluginsDir.empty());
  CHECK(c.defaultRegion == "RU");
  CHECK(c.retryMaxAttempts == 5);
  CHECK(c.retryBackoffMs == 1000);
  CHECK(c.retryMaxBackoffMs == 300000);
  CHECK(c.throttleBackoffMs == 200);
  CHECK(c.maxParts == 10);
  CHECK(c.dispatcherBatch == 500);
  CHECK(c.dispatcherMaxInFlight == 5000);
  CHECK(c.leaseSeconds == 60);
  CHECK(c.dlrTimeoutSeconds == 172800);
  CHECK_FALSE(c.hostId.empty());  // the machine's name
  CHECK(c.defaultProvider.empty());
  CHECK(c.providers.empty());
}

TEST_CASE("set keys override the defaults", "[config]") {
  const HostConfig c = loadHostConfig({{"http.port", "0"},
                                       {"data.dir", "/srv/pigeon"},
                                       {"db.sqlite.synchronous", "full"},
                                       {"retry.max_attempts", "100"},
                                       {"host.id", "pigeon-a"},
                                       {"plugins.dir", "/opt/pigeon/plugins"}});
  CHECK(c.httpPort == 0);
  CHECK(c.dataDir == "/srv/pigeon");
  CHECK(c.dbUrl == "sqlite:/srv/pigeon/pigeon.db");  // follows data.dir
  CHECK(c.sqliteSynchronousFull);
  CHECK(c.retryMaxAttempts == 100);
  CHECK(c.hostId == "pigeon-a");
  CHECK(c.pluginsDir == "/opt/pigeon/plugins");

  CHECK(loadHostConfig({{"db.url", "mysql://u:p@db:3306/pigeon"}}).dbUrl ==
        "mysql://u:p@db:3306/pigeon");
}

TEST_CASE("each bad setting throws a ConfigError naming the key", "[config]") {
  struct Row {
    Properties properties;
    std::vector<std::string> mentions;
  };
  const Row rows[] = {
      {{{"http.prot", "8080"}}, {"'http.prot'", "not a known setting"}},
      {{{"http.port", "abc"}}, {"'http.port'", "integer", "abc"}},
      {{{"http.port", "65536"}}, {"'http.port'", "between 0 and 65535"}},
      {{{"retry.max_attempts", "0"}}, {"'retry.max_attempts'", "between 1 and 100"}},
      {{{"db.sqlite.synchronous", "off"}}, {"'db.sqlite.synchronous'", "normal, full"}},
      {{{"db.url", "postgres://db/pigeon"}}, {"'db.url'"}},
      {{{"phone.default_region", "XX"}}, {"'phone.default_region'", "XX"}},
      {{{"provider.sim.delay_ms", "5"}}, {"'provider.sim.plugin'", "required", "'sim'"}},
      {{{"provider.x", "1"}}, {"'provider.x'", "provider.<instance>.<field>"}},
      {{{"provider..plugin", "p"}}, {"'provider..plugin'", "provider.<instance>.<field>"}},
      {{{"provider.x.", "1"}}, {"'provider.x.'", "provider.<instance>.<field>"}},
      {{{"providers.default", "main"}},
       {"'providers.default'", "'main'", "not a configured provider"}},
      {{{"providers.default", "main"}, {"provider.sim.plugin", "pigeon.provider.simulator"}},
       {"'providers.default'", "'main'"}},
  };
  for (const auto& row : rows) {
    const auto message = configErrorFrom([&] { loadHostConfig(row.properties); });
    INFO(message);
    for (const auto& mention : row.mentions) CHECK_THAT(message, Catch::Contains(mention));
  }
}

TEST_CASE("provider instances are collected with their own settings", "[config]") {
  const HostConfig c = loadHostConfig({{"provider.sim.plugin", "pigeon.provider.simulator"},
                                       {"provider.sim.delay_ms", "5"},
                                       {"provider.sim.max_tps", "100"},
                                       {"provider.backup.plugin", "com.example.smpp"},
                                       {"providers.default", "sim"}});
  CHECK(c.defaultProvider == "sim");
  REQUIRE(c.providers.size() == 2);

  // Settings stay raw strings here: each plugin's schema judges them when the instance starts.
  const auto& backup = c.providers[0];  // in instance-name order
  CHECK(backup.instance == "backup");
  CHECK(backup.plugin == "com.example.smpp");
  CHECK(backup.settings.empty());

  const auto& sim = c.providers[1];
  CHECK(sim.instance == "sim");
  CHECK(sim.plugin == "pigeon.provider.simulator");
  CHECK(sim.settings == Properties{{"delay_ms", "5"}, {"max_tps", "100"}});
}

TEST_CASE("a missing config file is a ConfigError naming the path", "[config]") {
  pigeon::test::TempDir dir;
  const auto missing = dir.file("absent.properties");
  const auto message = configErrorFrom([&] { loadHostConfigFile(missing); });
  CHECK_THAT(message, Catch::Contains(missing) && Catch::Contains("does not exist"));
}

TEST_CASE("a config file is read like the map with its comments skipped", "[config]") {
  pigeon::test::TempDir dir;
  const auto file = writeFile(dir, "pigeon.properties",
                              "# pigeond settings\n"
                              "http.port = 9090\n"
                              "phone.default_region = GB\n"
                              "\n"
                              "provider.sim.plugin = pigeon.provider.simulator\n"
                              "provider.sim.delay_ms = 250\n"
                              "providers.default = sim\n");
  const HostConfig c = loadHostConfigFile(file);
  CHECK(c.httpPort == 9090);
  CHECK(c.defaultRegion == "GB");
  CHECK(c.httpThreads == 64);  // unset keys keep their defaults
  CHECK(c.defaultProvider == "sim");
  REQUIRE(c.providers.size() == 1);
  CHECK(c.providers[0].plugin == "pigeon.provider.simulator");
  CHECK(c.providers[0].settings == Properties{{"delay_ms", "250"}});
}

TEST_CASE("a bad key in a config file is reported with the file and the key", "[config]") {
  pigeon::test::TempDir dir;
  const auto file =
      writeFile(dir, "pigeon.properties", "http.port = 8080\nretry.max_attempts = 0\n");
  const auto message = configErrorFrom([&] { loadHostConfigFile(file); });
  CHECK_THAT(message, Catch::Contains(file) && Catch::Contains("'retry.max_attempts'"));
}

TEST_CASE("a bad database URL is reported without its password", "[config]") {
  const auto message = configErrorFrom([] {
    loadHostConfig({{"db.url", "mysql://pigeon:hunter2@db:3306"}});
  });
  CHECK_THAT(message, Catch::Contains("'db.url'") && !Catch::Contains("hunter2"));
}

// Poco would read a folder forever; this test hung before loadHostConfigFile checked for it.
TEST_CASE("a folder given as the config file is a ConfigError", "[config]") {
  pigeon::test::TempDir dir;
  const auto message = configErrorFrom([&] { loadHostConfigFile(dir.path().string()); });
  CHECK_THAT(message, Catch::Contains(dir.path().string()) && Catch::Contains("folder"));
}
