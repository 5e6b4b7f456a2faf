// kill -9 of pigeond twice in the middle of a 200 000-recipient campaign, once while it
// freezes the recipient list and once while it sends: after each restart the campaign goes on
// by itself, and in the end every recipient got exactly one message. The store is read
// directly, after pigeond stopped, so the count does not rest on the API being right.

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "db/sqlite_database.h"
#include "e2e/e2e_support.h"
#include "e2e/pigeond_process.h"
#include "support/http_client.h"

using namespace pigeon;
using test::adminOf;
using test::count;
using test::waitFor;

namespace {

constexpr int kRecipients = 200000;

Poco::JSON::Object::Ptr campaign(test::HttpClient& admin) {
  auto r = admin.get("/api/v1/campaigns/1");
  INFO(r.body);
  REQUIRE(r.status == 200);
  return r.json();
}

}  // namespace

TEST_CASE("kill -9 mid-campaign: it resumes by itself, nobody skipped, nobody texted twice",
          "[e2e]") {
  test::TempDir dir;
  test::useE2eAdminPassword();
  test::PigeondProcess pigeond(dir, {{"provider.sim.plugin", "pigeon.provider.simulator"},
                                     {"provider.sim.delay_ms", "0"},
                                     {"dlr.timeout_s", "2"},
                                     {"dispatcher.lease_s", "5"},
                                     {"campaigns.lease_s", "3"}});
  int port = pigeond.start();
  auto admin = adminOf(port);
  std::string csv = "first_name,phone\n";
  csv.reserve(static_cast<std::size_t>(kRecipients) * 24);
  for (int i = 0; i < kRecipients; ++i)
    csv += "C" + std::to_string(i) + ",+7912" + std::to_string(1000000 + i) + "\n";
  auto import = admin.post("/api/v1/entities/contact/import?mode=insert", csv);
  INFO(import.body);
  REQUIRE(import.status == 202);
  const auto importPath = "/api/v1/entities/contact/import/" +
                          std::to_string(import.json()->getValue<std::int64_t>("id"));
  REQUIRE(waitFor(
      [&] { return admin.get(importPath).json()->getValue<std::string>("state") == "done"; }, 120));
  REQUIRE(admin
              .post("/api/v1/selections",
                    R"({"name":"everyone","entity_type":"contact","criteria":{}})")
              .status == 201);
  REQUIRE(admin
              .post("/api/v1/campaigns", R"({"name":"big","selection":"everyone",)"
                                         R"("text":"Our big sale starts today",)"
                                         R"("quiet_hours":"none","start":true})")
              .status == 201);

  // First kill: while the list is being frozen (if the freeze outran the poll, while sending).
  REQUIRE(waitFor(
      [&] { return campaign(admin)->getObject("progress")->getValue<int>("recipients") > 0; }, 60));
  const auto atFirstKill = campaign(admin);
  const bool frozenAtFirstKill = !atFirstKill->isNull("frozen_at");
  const auto recipientsAtFirstKill =
      atFirstKill->getObject("progress")->getValue<int>("recipients");
  pigeond.kill9();

  port = pigeond.start();
  admin = adminOf(port);
  // Second kill: while sending, with part of the list handed over and part waiting.
  REQUIRE(waitFor(
      [&] {
        auto p = campaign(admin)->getObject("progress");
        return p->getValue<int>("waiting") < kRecipients / 2 && p->getValue<int>("waiting") > 0;
      },
      120));
  pigeond.kill9();

  port = pigeond.start();
  admin = adminOf(port);
  REQUIRE(
      waitFor([&] { return campaign(admin)->getValue<std::string>("state") == "completed"; }, 300));
  auto p = campaign(admin)->getObject("progress");
  CHECK(p->getValue<int>("recipients") == kRecipients);
  CHECK(p->getValue<int>("skipped") == 0);
  CHECK(pigeond.terminate() == 0);

  auto store = db::makeSqliteDatabase(dir.path().string() + "/var/pigeon.db", {});
  auto c = store->connect();
  WARN("first kill " << (frozenAtFirstKill ? "after" : "during") << " the freeze, at "
                     << recipientsAtFirstKill << " recipients frozen");
  CHECK(count(*c, "SELECT COUNT(*) FROM campaign_recipients WHERE campaign_id = 1") == kRecipients);
  CHECK(count(*c, "SELECT COUNT(*) FROM campaign_recipients WHERE state <> 1") == 0);
  CHECK(count(*c, "SELECT COUNT(*) FROM messages WHERE campaign_id = 1") == kRecipients);
  CHECK(count(*c, "SELECT COUNT(DISTINCT to_number) FROM messages WHERE campaign_id = 1") ==
        kRecipients);
  // A message a provider may have taken before a kill is sent again after it (its timeline
  // says so): the in-flight window is the only room for a second SMS, and it is reported.
  const auto resent =
      count(*c,
            "SELECT COUNT(DISTINCT message_id) FROM message_events e JOIN messages m"
            " ON m.id = e.message_id WHERE m.campaign_id = 1 AND e.status = 'queued'");
  WARN("messages requeued after a kill (may have reached their recipient twice): " << resent);
  CHECK(resent <= 2 * 5000);  // dispatcher.max_in_flight per kill at most
}
