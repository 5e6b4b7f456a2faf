// Provider instances through the admin site: a form from the plugin's schema, applied without a
// restart, stored across restarts, bad input named, misbehaving plugins contained.

#include <catch2/catch.hpp>

#include <filesystem>

#include "config/host_config.h"
#include "support/site_client.h"
#include "support/temp_dir.h"
#include "support/test_host.h"
#include "support/test_store.h"

using namespace pigeon;
using test::SiteClient;
using test::TestHost;

namespace {

const std::string kSimulator = "pigeon.provider.simulator";
const std::string kMisbehaving = "com.example.test.misbehaving";

// A plugin folder with the simulator and the misbehaving fixture (the fixture folder also holds
// plugins the host must refuse, and a second "simulator").
class PluginFolder {
public:
  PluginFolder() {
    namespace fs = std::filesystem;
    fs::create_symlink(fs::path(PIGEON_PLUGIN_DIR) / "provider_simulator.so",
                       dir_.path() / "provider_simulator.so");
    fs::create_symlink(fs::path(PIGEON_TEST_PLUGIN_DIR) / "misbehaving_provider.so",
                       dir_.path() / "misbehaving_provider.so");
  }
  std::string path() const { return dir_.path().string(); }

private:
  test::TempDir dir_;
};

SiteClient admin(TestHost& h) {
  SiteClient site(h.port());
  REQUIRE(site.signIn("admin", test::kAdminPassword).status == 303);
  return site;
}

test::SitePage addInstance(SiteClient& site, std::multimap<std::string, std::string> fields) {
  site.get("/providers/new?plugin=" + fields.find("plugin")->second);
  return site.post("/providers", std::move(fields));
}

int storedInstances(TestHost& h) {
  auto c = h.host().database().connect();
  return static_cast<int>(
      db::asInt(c->query("SELECT COUNT(*) FROM provider_instances", {}).rows[0][0]));
}

}  // namespace

TEST_CASE("the instance form is generated from the plugin's schema", "[web]") {
  TestHost h;
  auto site = admin(h);
  auto form = site.get("/providers/new?plugin=" + kSimulator);
  REQUIRE(form.status == 200);
  for (const std::string field :
       {"delay_ms", "max_tps", "temporary_failure_ratio", "permanent_failure_ratio", "balance",
        "currency", "price_per_part"}) {
    INFO(field);
    CHECK(form.contains("name=\"" + field + "\""));
    CHECK(form.contains("<label for=\"f-" + field + "\">" + field));
  }
  CHECK(form.contains("Milliseconds from submit to delivery report"));  // the schema's help
  CHECK(site.get("/providers/new?plugin=no.such.plugin").status == 404);
}

TEST_CASE("an instance added in the admin runs at once, becomes default, and survives a restart",
          "[web]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  test::TestStore store(backend);
  const std::map<std::string, std::string> properties{{"http.port", "0"},
                                                      {"http.threads", "4"},
                                                      {"data.dir", store.dir().file("var")},
                                                      {"db.url", store.url()},
                                                      {"plugins.dir", PIGEON_PLUGIN_DIR},
                                                      {"provider.sim.plugin", kSimulator},
                                                      {"providers.default", "sim"}};
  ::setenv("PIGEON_ADMIN_PASSWORD", test::kAdminPassword, 1);
  {
    host::Host host(host::loadHostConfig(properties));
    host.start();
    SiteClient site(host.httpPort());
    REQUIRE(site.signIn("admin", test::kAdminPassword).status == 303);
    site.get("/providers/new?plugin=" + kSimulator);
    auto added = site.post("/providers", {{"plugin", kSimulator},
                                          {"name", "sim2"},
                                          {"delay_ms", "5"},
                                          {"balance", "250"},
                                          {"price_per_part", "0.35"}});
    REQUIRE(added.status == 303);
    auto instance = host.providers().find("sim2");
    REQUIRE(instance);
    CHECK(instance->state() == host::ProviderInstance::State::kRunning);
    auto list = site.get("/providers");
    CHECK(list.contains("tr data-instance=\"sim2\""));
    CHECK(list.contains("250.00 credits"));

    REQUIRE(site.post("/providers/sim2/default", {}).status == 303);
    CHECK(host.providers().defaultName() == "sim2");
    host.stop();
  }
  host::Host again(host::loadHostConfig(properties));
  again.start();
  auto back = again.providers().find("sim2");
  REQUIRE(back);
  CHECK(back->state() == host::ProviderInstance::State::kRunning);
  CHECK(back->pricePerPart() == Approx(0.35));
  CHECK(again.providers().defaultName() == "sim2");  // the admin's choice beats the file's
  again.stop();
}

TEST_CASE("editing an instance restarts it with the new settings and removing it stops it",
          "[web]") {
  TestHost h;
  auto site = admin(h);
  REQUIRE(addInstance(site, {{"plugin", kSimulator}, {"name", "sim2"}, {"balance", "10"}}).status ==
          303);
  auto before = h.host().providers().find("sim2");
  auto edit = site.get("/providers/sim2/edit");
  REQUIRE(edit.status == 200);
  CHECK(edit.contains("value=\"10\""));
  REQUIRE(site.post("/providers/sim2", {{"plugin", kSimulator}, {"balance", "77"}}).status == 303);
  auto after = h.host().providers().find("sim2");
  REQUIRE(after);
  CHECK(after != before);
  CHECK(before->state() == host::ProviderInstance::State::kStopped);
  CHECK(site.get("/providers").contains("77.00 credits"));

  // The file's instances are read-only here, and the default cannot be removed.
  CHECK(site.get("/providers/sim/edit").status == 409);
  CHECK(site.post("/providers/sim/remove", {}).status == 409);
  REQUIRE(site.post("/providers/sim2/default", {}).status == 303);
  auto refused = site.post("/providers/sim2/remove", {});
  CHECK(refused.status == 409);
  CHECK(refused.contains("is the default"));
  REQUIRE(site.post("/providers/sim/default", {}).status == 303);
  REQUIRE(site.post("/providers/sim2/remove", {}).status == 303);
  CHECK_FALSE(h.host().providers().find("sim2"));
  CHECK(after->state() == host::ProviderInstance::State::kStopped);
  CHECK(storedInstances(h) == 0);
}

TEST_CASE("bad input on the instance form names the field and stores nothing", "[web]") {
  TestHost h;
  auto site = admin(h);
  struct Case {
    const char* what;
    std::multimap<std::string, std::string> fields;
    int status;
    std::string mentions;
  };
  const Case cases[] = {
      {"wrong type", {{"name", "s2"}, {"delay_ms", "abc"}}, 422, "delay_ms: must be an integer"},
      {"out of range",
       {{"name", "s2"}, {"temporary_failure_ratio", "7"}},
       422,
       "temporary_failure_ratio"},
      {"oversized",
       {{"name", "s2"}, {"currency", std::string(5000, 'x')}},
       422,
       "currency is longer than 4096 characters"},
      {"SQL in the name", {{"name", "s'; DROP TABLE messages; --"}}, 422, "Instance name must be"},
      {"HTML in the name", {{"name", "<script>alert(1)</script>"}}, 422, "Instance name must be"},
      {"empty name", {{"name", ""}}, 422, "Instance name must be"},
      {"taken name", {{"name", "sim"}}, 409, "already exists"},
      {"negative price", {{"name", "s2"}, {"price_per_part", "-1"}}, 422, "price_per_part"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    auto fields = c.fields;
    fields.emplace("plugin", kSimulator);
    auto page = addInstance(site, fields);
    CHECK(page.status == c.status);
    CHECK(page.contains(c.mentions));
    CHECK_FALSE(page.contains("<script>alert(1)</script>"));
  }
  CHECK(storedInstances(h) == 0);
  CHECK(h.host().providers().all().size() == 1);
  auto c = h.host().database().connect();
  CHECK(db::asInt(c->query("SELECT COUNT(*) FROM messages", {}).rows[0][0]) == 0);  // still there

  // HTML in a value that is accepted is shown escaped, never run.
  REQUIRE(addInstance(site, {{"plugin", kSimulator}, {"name", "s3"}, {"currency", "<b>x</b>"}})
              .status == 303);
  auto list = site.get("/providers");
  CHECK(list.contains("&lt;b&gt;x&lt;/b&gt;"));
  CHECK_FALSE(list.contains("<b>x</b>"));
}

TEST_CASE("a plugin that throws or hangs in its factory, or garbles balance(), shows as an error",
          "[web]") {
  PluginFolder plugins;
  TestHost h("sqlite", {{"plugins.dir", plugins.path()}, {"plugins.call_timeout_ms", "300"}});
  auto site = admin(h);
  struct Case {
    std::string name;
    std::string factory;
    std::string balance;
    bool running;
    std::string shown;
  };
  const Case cases[] = {
      {"throws", "throw", "ok", false, "factory threw: factory exploded"},
      {"hangs", "hang", "ok", false, "factory did not return within 300 ms"},
      {"nan", "ok", "nan", true, "balance() returned an amount that is not a number"},
      {"garbled", "ok", "garbage", true, "balance() returned an invalid currency"},
      {"balance-throws", "ok", "throw", true, "balance threw: balance exploded"},
      {"balance-hangs", "ok", "hang", true, "balance() did not answer within 300 ms"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    auto page = addInstance(site, {{"plugin", kMisbehaving},
                                   {"name", c.name},
                                   {"factory", c.factory},
                                   {"balance", c.balance}});
    CHECK(page.status == 303);
    auto instance = h.host().providers().find(c.name);
    REQUIRE(instance);
    CHECK((instance->state() == host::ProviderInstance::State::kRunning) == c.running);
  }
  auto list = site.get("/providers");
  REQUIRE(list.status == 200);
  for (const auto& c : cases) {
    INFO(c.name);
    CHECK(list.contains(c.shown));
  }
  CHECK_FALSE(list.contains("<script>"));
  auto pluginsPage = site.get("/plugins");
  CHECK(pluginsPage.contains("data-failing=\"hangs\""));
  // Each failing instance once, under one heading.
  std::size_t listed = 0;
  for (auto at = pluginsPage.body.find("data-failing="); at != std::string::npos;
       at = pluginsPage.body.find("data-failing=", at + 1))
    ++listed;
  CHECK(listed == 2);
  CHECK(pluginsPage.contains("factory did not return within 300 ms"));
  // The host keeps serving: a message still goes through the file's simulator.
  site.get("/messages/new");
  auto sent = site.post("/messages/new",
                        {{"to", "+79123456789"}, {"text", "still alive"}, {"action", "send"}});
  REQUIRE(sent.status == 303);
  CHECK(test::eventually([&] { return site.get(sent.location).contains(">delivered<"); }));
}

TEST_CASE("secrets are never shown back, and an empty secret keeps the stored one", "[web]") {
  PluginFolder plugins;
  TestHost h("sqlite", {{"plugins.dir", plugins.path()}});
  auto site = admin(h);
  REQUIRE(addInstance(site, {{"plugin", kMisbehaving}, {"name", "m1"}, {"password", "hunter2"}})
              .status == 303);
  auto edit = site.get("/providers/m1/edit");
  CHECK_FALSE(edit.contains("hunter2"));
  CHECK(edit.contains("A value is stored; leave empty to keep it."));
  REQUIRE(site.post("/providers/m1", {{"plugin", kMisbehaving}, {"balance", "nan"}}).status == 303);
  auto c = h.host().database().connect();
  auto stored = db::asString(
      c->query("SELECT settings FROM provider_instances WHERE name = 'm1'", {}).rows[0][0]);
  CHECK_THAT(stored, Catch::Contains("hunter2"));  // kept for the plugin
  auto audit = site.get("/audit");
  CHECK(audit.contains("provider.update"));
  CHECK_FALSE(audit.contains("hunter2"));
}

TEST_CASE(
    "an admin-made instance whose plugin is gone shows as failed, cannot be edited, and its "
    "removal audits no secret",
    "[web]") {
  PluginFolder plugins;
  test::TestStore store("sqlite");
  auto properties = [&](const std::string& dir) {
    return std::map<std::string, std::string>{{"http.port", "0"},
                                              {"data.dir", store.dir().file("var")},
                                              {"db.url", store.url()},
                                              {"plugins.dir", dir},
                                              {"provider.sim.plugin", kSimulator}};
  };
  ::setenv("PIGEON_ADMIN_PASSWORD", test::kAdminPassword, 1);
  {
    host::Host host(host::loadHostConfig(properties(plugins.path())));
    host.start();
    SiteClient site(host.httpPort());
    REQUIRE(site.signIn("admin", test::kAdminPassword).status == 303);
    site.get("/providers/new?plugin=" + kMisbehaving);
    REQUIRE(site.post("/providers", {{"plugin", kMisbehaving},
                                     {"name", "m1"},
                                     {"password", "hunter2"},
                                     {"factory", "throw"}})
                .status == 303);
    host.stop();
  }
  host::Host host(host::loadHostConfig(properties(PIGEON_PLUGIN_DIR)));
  host.start();
  auto m1 = host.providers().find("m1");
  REQUIRE(m1);
  CHECK(m1->state() == host::ProviderInstance::State::kFailed);
  CHECK_THAT(m1->failure(), Catch::Contains("no loaded provider plugin"));

  SiteClient site(host.httpPort());
  REQUIRE(site.signIn("admin", test::kAdminPassword).status == 303);
  site.get("/providers");
  auto edit = site.post("/providers/m1", {{"plugin", kMisbehaving}, {"factory", "ok"}});
  CHECK(edit.status == 409);
  CHECK(edit.contains("is not loaded"));
  REQUIRE(site.post("/providers/m1/remove", {}).status == 303);
  auto audit = site.get("/audit");
  CHECK(audit.contains("provider.remove"));
  CHECK_FALSE(audit.contains("hunter2"));
  host.stop();
}
