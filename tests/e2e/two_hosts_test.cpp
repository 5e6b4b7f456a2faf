// Two pigeond processes on one MariaDB: both send a campaign's messages (each claims its share
// of the outbox), one at a time runs the campaign scheduler, and when that one is killed the
// other takes the scheduler over and finishes the campaign. Every recipient gets one message.

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "e2e/e2e_support.h"
#include "e2e/pigeond_process.h"
#include "support/http_client.h"
#include "support/test_store.h"

using namespace pigeon;
using test::adminOf;
using test::count;
using test::waitFor;

namespace {

constexpr int kRecipients = 30000;

std::map<std::string, std::string> hostSettings(const test::TestStore& store,
                                                const std::string& name) {
  // Each host sends through an instance named after it, so the outbox shows who sent what.
  return {{"db.url", store.url()},
          {"host.id", name},
          {"provider." + name + ".plugin", "pigeon.provider.simulator"},
          {"provider." + name + ".delay_ms", "0"},
          // A provider each host can only send so fast through: the outbox backs up, and the
          // host that did not queue the messages claims its share.
          {"provider." + name + ".max_tps", "1000"},
          {"dlr.timeout_s", "2"},
          {"dispatcher.lease_s", "3"},
          {"campaigns.lease_s", "3"}};
}

}  // namespace

TEST_CASE("two hosts on one MariaDB share a campaign; the scheduler moves when its host dies",
          "[e2e]") {
  const auto backends = test::storeBackends();
  if (std::find(backends.begin(), backends.end(), "mysql") == backends.end()) {
    WARN("no MariaDB (PIGEON_TEST_MYSQL_URL): two hosts need a shared store");
    return;  // CI always has one: storeBackends() throws there without it
  }
  test::useE2eAdminPassword();
  test::TestStore store("mysql");
  test::TempDir dirA, dirB;
  test::PigeondProcess a(dirA, hostSettings(store, "host_a"));
  test::PigeondProcess b(dirB, hostSettings(store, "host_b"));
  auto adminA = adminOf(a.start());  // first: it migrates the store
  auto adminB = adminOf(b.start());

  std::string csv = "first_name,phone\n";
  for (int i = 0; i < kRecipients; ++i)
    csv += "C" + std::to_string(i) + ",+7913" + std::to_string(1000000 + i) + "\n";
  auto import = adminA.post("/api/v1/entities/contact/import?mode=insert", csv);
  REQUIRE(import.status == 202);
  const auto importPath = "/api/v1/entities/contact/import/" +
                          std::to_string(import.json()->getValue<std::int64_t>("id"));
  REQUIRE(waitFor(
      [&] { return adminA.get(importPath).json()->getValue<std::string>("state") == "done"; },
      120));
  REQUIRE(adminB
              .post("/api/v1/selections",
                    R"({"name":"everyone","entity_type":"contact","criteria":{}})")
              .status == 201);
  REQUIRE(adminB
              .post("/api/v1/campaigns", R"({"name":"shared","selection":"everyone",)"
                                         R"("text":"Two hosts, one SMS each",)"
                                         R"("quiet_hours":"none","start":true})")
              .status == 201);

  auto c = store.database().connect();
  const auto sentBy = [&](const std::string& host) {
    return count(*c, "SELECT COUNT(*) FROM messages WHERE campaign_id = 1 AND provider = ?",
                 {host});
  };
  REQUIRE(waitFor([&] { return sentBy("host_a") > 100 && sentBy("host_b") > 100; }, 60));

  // Kill the host that runs the scheduler; the other takes the lease once it runs out.
  const auto leader =
      db::asString(c->query("SELECT owner FROM leases WHERE name = 'scheduler'").rows.at(0).at(0));
  REQUIRE((leader == "host_a" || leader == "host_b"));
  (leader == "host_a" ? a : b).kill9();
  auto& survivor = leader == "host_a" ? adminB : adminA;
  const auto survivorName = leader == "host_a" ? "host_b" : "host_a";
  REQUIRE(waitFor(
      [&] {
        return survivor.get("/api/v1/campaigns/1").json()->getValue<std::string>("state") ==
               "completed";
      },
      180));
  CHECK(db::asString(
            c->query("SELECT owner FROM leases WHERE name = 'scheduler'").rows.at(0).at(0)) ==
        survivorName);

  CHECK(count(*c, "SELECT COUNT(*) FROM campaign_recipients WHERE campaign_id = 1") == kRecipients);
  CHECK(count(*c, "SELECT COUNT(*) FROM campaign_recipients WHERE state <> 1") == 0);
  CHECK(count(*c, "SELECT COUNT(*) FROM messages WHERE campaign_id = 1") == kRecipients);
  CHECK(count(*c, "SELECT COUNT(DISTINCT to_number) FROM messages WHERE campaign_id = 1") ==
        kRecipients);
  const auto resent =
      count(*c,
            "SELECT COUNT(DISTINCT message_id) FROM message_events e JOIN messages m"
            " ON m.id = e.message_id WHERE m.campaign_id = 1 AND e.status = 'queued'");
  WARN("sent by host_a " << sentBy("host_a") << ", by host_b " << sentBy("host_b")
                         << "; requeued after the kill (may have gone twice): " << resent);
  CHECK(resent <= 5000);  // at most the dead host's in-flight window
}
