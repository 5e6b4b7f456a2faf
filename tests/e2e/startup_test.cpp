// pigeond as an admin meets it: broken plugin files beside good ones, and bad settings.

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

#include <filesystem>
#include <map>
#include <thread>

#include "e2e/e2e_support.h"
#include "e2e/pigeond_process.h"
#include "support/http_client.h"

using namespace pigeon;
namespace fs = std::filesystem;

TEST_CASE("broken plugin files are refused with a reason and the host serves on", "[e2e]") {
  test::TempDir dir;
  const auto plugins = dir.path() / "plugins";
  fs::create_directories(plugins);
  fs::copy_file(fs::path(PIGEON_PLUGIN_DIR) / "provider_simulator.so",
                plugins / "provider_simulator.so");
  // Files load in name order: the fake simulator is renamed to come after the real one, so it
  // is the one refused as a duplicate.
  for (const auto& entry : fs::directory_iterator(PIGEON_TEST_PLUGIN_DIR)) {
    if (entry.path().extension() != ".so") continue;
    auto name = entry.path().filename().string();
    if (name == "duplicate_simulator.so") name = "zz_duplicate_simulator.so";
    fs::copy_file(entry.path(), plugins / name);
  }
  test::useE2eAdminPassword();
  test::PigeondProcess pigeond(dir, {{"plugins.dir", plugins.string()},
                                     {"provider.sim.plugin", "pigeon.provider.simulator"}});
  const int port = pigeond.start();
  auto client = test::adminOf(port);

  std::map<std::string, Poco::JSON::Object::Ptr> rows;
  auto body = client.get("/api/v1/plugins").json();
  for (const auto& v : *body->getArray("plugins")) {
    auto row = v.extract<Poco::JSON::Object::Ptr>();
    rows[fs::path(row->getValue<std::string>("file")).filename().string()] = row;
  }
  const std::map<std::string, std::string> refusedBecause{
      {"bad_abi.so", "ABI"},
      {"throwing_factory.so", "factory threw"},
      {"not_a_plugin.so", "not a loadable library"},
      {"no_descriptor.so", "not a Pigeon plugin"},
      {"bad_name.so", "reverse-DNS"},
      {"zz_duplicate_simulator.so", "duplicate plugin name 'pigeon.provider.simulator'"},
      {"entity_orphan.so", "refers to type 'patient', which no plugin declares"},
      {"entity_visit_again.so",
       "entity type 'visit' is declared by pigeon.test.entity.visit already"},
  };
  for (const auto& [file, reason] : refusedBecause) {
    INFO(file);
    REQUIRE(rows.count(file));
    CHECK(rows[file]->getValue<std::string>("state") == "refused");
    CHECK(rows[file]->getValue<std::string>("reason").find(reason) != std::string::npos);
  }
  CHECK(rows["provider_simulator.so"]->getValue<std::string>("state") == "loaded");
  CHECK(rows["echo_ok.so"]->getValue<std::string>("state") == "loaded");
  CHECK(rows["entity_visit.so"]->getValue<std::string>("state") == "loaded");
  CHECK(client.post("/api/v1/entities/visit", R"({"at":"2026-12-04T10:00:00Z"})").status == 201);
  CHECK(client.get("/api/v1/entities/referral").status == 404);

  auto sent = client.post("/api/v1/messages", R"({"to":"+79123456789","text":"still serving"})");
  REQUIRE(sent.status == 202);
  const auto id = sent.json()->getValue<std::int64_t>("id");
  std::string status;
  for (int i = 0; i < 500 && status != "delivered"; ++i) {
    status = client.get("/api/v1/messages/" + std::to_string(id))
                 .json()
                 ->getValue<std::string>("status");
    if (status != "delivered") std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(status == "delivered");
  CHECK(pigeond.log().find("refused") != std::string::npos);
  CHECK(pigeond.terminate() == 0);
}

TEST_CASE("a bad setting stops start-up with a message naming the key", "[e2e]") {
  struct Case {
    std::map<std::string, std::string> settings;
    std::string expected;
  };
  const std::vector<Case> cases{
      {{{"http.prot", "8080"}}, "config key 'http.prot'"},
      {{{"http.port", "eighty"}}, "config key 'http.port' must be an integer"},
      {{{"db.url", "postgres://x"}}, "config key 'db.url'"},
      {{{"provider.sim.plugin", "pigeon.provider.nope"}}, "config key 'provider.sim.plugin'"},
      {{{"provider.sim.plugin", "pigeon.provider.simulator"}, {"provider.sim.delay_ms", "-5"}},
       "config key 'provider.sim.delay_ms' must be between 0 and"},
  };
  for (const auto& c : cases) {
    test::TempDir dir;
    test::PigeondProcess pigeond(dir, c.settings);
    INFO(c.expected);
    CHECK(pigeond.runToExit() == 78);  // EX_CONFIG
    CHECK(pigeond.log().find(c.expected) != std::string::npos);
  }
}
