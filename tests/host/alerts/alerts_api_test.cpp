// Staff alerts as an operations team lives with them: an alert raised by the CRM through the
// API reaches every member of the on-call group once, is counted (not re-sent) when raised
// again, is held back past the rule's hourly limit, and is acknowledged by a member's "ACK 17"
// reply; the host raises its own when a provider is down, a balance is low or a campaign
// fails, and when a case is escalated; and bad rules are refused, naming the field.

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

#include <thread>

#include "support/http_client.h"
#include "support/inbound_driver.h"
#include "support/test_host.h"

using namespace pigeon;
using test::errorOf;
using test::HttpClient;
using test::TestHost;

namespace {

void onCallGroup(HttpClient& admin) {
  test::requireCreated(
      admin.post("/api/v1/staff-groups",
                 R"({"name":"on call","members":[{"name":"Ivan","phone":"+79120000001"},)"
                 R"({"name":"Olga","phone":"8 912 000-00-02"}]})"));
}

std::vector<std::string> alertTexts(HttpClient& admin) {
  return test::taggedMessages(admin, "alert");
}

Poco::JSON::Object::Ptr alert(HttpClient& admin, int id) {
  auto r = admin.get("/api/v1/alerts/" + std::to_string(id));
  INFO(r.body);
  REQUIRE(r.status == 200);
  return r.json();
}

// The alerts by key, as "state: text".
std::map<std::string, std::string> alertsByKey(HttpClient& admin) {
  std::map<std::string, std::string> out;
  auto list = admin.get("/api/v1/alerts").json()->getArray("alerts");
  for (unsigned i = 0; i < list->size(); ++i) {
    auto a = list->getObject(i);
    out[a->getValue<std::string>("key")] =
        a->getValue<std::string>("state") + ": " + a->getValue<std::string>("text");
  }
  return out;
}

}  // namespace

TEST_CASE("an API alert reaches each on-call member once and a member's reply acknowledges it",
          "[alerts]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend, {{test::kInboundSecretSetting, test::kInboundSecret}});
  auto admin = h.adminClient();
  onCallGroup(admin);
  test::requireCreated(admin.post("/api/v1/alert-rules",
                                  R"({"name":"crm","kind":"api","group":"on call",)"
                                  R"("max_per_hour":2})"));
  auto raise = [&](const std::string& key) {
    auto r = admin.post("/api/v1/alerts",
                        R"({"rule":"crm","key":")" + key + R"(","text":"CRM sync failed."})");
    INFO(r.body);
    REQUIRE(r.status == 201);
    return r.json();
  };
  CHECK(raise("sync")->getValue<int>("id") == 1);
  const std::string text = "[ALARM] CRM sync failed. Reply ACK 1 to acknowledge.";
  REQUIRE(test::eventually([&] { return alertTexts(admin).size() == 2; }));
  auto texts = alertTexts(admin);
  std::sort(texts.begin(), texts.end());
  CHECK(texts == std::vector<std::string>{"+79120000001: " + text, "+79120000002: " + text});

  // The same thing again is the same alert, counted; another thing is another alert.
  auto again = raise("sync");
  CHECK(again->getValue<int>("id") == 1);
  CHECK(again->getValue<int>("occurrences") == 2);
  CHECK(raise("queue")->getValue<int>("id") == 2);
  REQUIRE(test::eventually([&] { return alertTexts(admin).size() == 4; }));
  // A third inside the hour is over the rule's limit of two: kept, counted, not sent.
  CHECK(raise("disk")->getValue<int>("id") == 3);
  REQUIRE(test::eventually([&] { return alert(admin, 3)->getValue<int>("suppressed") == 1; }));
  CHECK(alertTexts(admin).size() == 4);
  CHECK(alert(admin, 1)->getValue<int>("notifications") == 2);

  test::InboundDriver phones(h.port(), admin);
  phones.send("+79125550000", "ACK 1");  // not on call: left to the keyword rules
  CHECK(phones.handled(1)->getValue<std::string>("outcome") == "no keyword rule matched");
  CHECK(alert(admin, 1)->getValue<std::string>("state") == "open");
  phones.send("+79120000002", "ack 1");
  CHECK(phones.handled(2)->getValue<std::string>("outcome") ==
        "staff alert: Alert 1 acknowledged. Thank you.");
  auto acknowledged = alert(admin, 1);
  CHECK(acknowledged->getValue<std::string>("state") == "acknowledged");
  CHECK(acknowledged->getValue<std::string>("acknowledged_by") == "Olga");
  phones.send("+79120000001", "OK 1");
  CHECK(phones.handled(3)->getValue<std::string>("outcome") ==
        "staff alert: Alert 1 was acknowledged already by Olga.");
  REQUIRE(test::eventually([&] { return phones.replies("+79120000002").size() == 1; }));

  auto resolved = admin.post("/api/v1/alerts/2/resolve", "");
  REQUIRE(resolved.status == 200);
  CHECK(resolved.json()->getValue<std::string>("state") == "resolved");
  CHECK(admin.post("/api/v1/alerts/2/resolve", "").status == 409);
  CHECK(admin.get("/api/v1/alerts?state=open").json()->getArray("alerts")->size() == 1);
}

TEST_CASE("the host raises its own alerts: a provider down, a low balance, a failing campaign",
          "[alerts]") {
  TestHost h("sqlite", {{"alerts.check_s", "1"},
                        {"provider.backup.plugin", "pigeon.provider.simulator"},
                        {"provider.backup.down", "true"},
                        {"provider.backup.balance", "5"},
                        {"provider.sim.permanent_failure_ratio", "0.5"}});
  auto admin = h.adminClient();
  onCallGroup(admin);
  test::requireCreated(admin.post("/api/v1/alert-rules", R"({"name":"down","kind":"provider_down",)"
                                                         R"("group":"on call","threshold":1})"));
  test::requireCreated(admin.post("/api/v1/alert-rules",
                                  R"({"name":"money","kind":"balance_low",)"
                                  R"("severity":"info","group":"on call"})"));
  test::requireCreated(admin.post("/api/v1/alert-rules",
                                  R"({"name":"failing","kind":"campaign_failed",)"
                                  R"("group":"on call","threshold":20})"));
  for (int i = 0; i < 40; ++i)
    test::requireCreated(
        admin.post("/api/v1/entities/contact",
                   R"({"first_name":"C","phone":"+7912345)" + std::to_string(1000 + i) + "\"}"));
  test::requireCreated(admin.post("/api/v1/selections",
                                  R"({"name":"everyone","entity_type":"contact","criteria":{}})"));
  test::requireCreated(admin.post("/api/v1/campaigns",
                                  R"({"name":"spring","selection":"everyone",)"
                                  R"("text":"Hi","quiet_hours":"none","start":true})"));

  std::map<std::string, std::string> alerts;
  REQUIRE(test::eventually(
      [&] {
        alerts = alertsByKey(admin);
        return alerts.size() == 3;
      },
      20000));
  CHECK(alerts.at("provider_down:backup").starts_with("open: Provider backup is disconnected"));
  CHECK(alerts.at("balance_low:backup") ==
        "open: Provider backup balance is 5.00 credits, under 100.");
  CHECK(alerts.at("campaign:1").starts_with("open: Campaign 'spring': "));
  REQUIRE(test::eventually([&] {
    auto texts = alertTexts(admin);
    return std::count_if(texts.begin(), texts.end(), [](const std::string& t) {
             return t.find("[INFO] Provider backup balance") != std::string::npos;
           }) == 2;
  }));
  // Found again at every check, each stays one alert.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  CHECK(admin.get("/api/v1/alerts").json()->getArray("alerts")->size() == 3);
  CHECK(alert(admin, 1)->getValue<int>("occurrences") > 1);
}

TEST_CASE("a message waiting queued behind a provider that is down raises a stale-outbox alert",
          "[alerts]") {
  TestHost h("sqlite", {{"alerts.check_s", "1"}, {"provider.sim.down", "true"}});
  auto admin = h.adminClient();
  onCallGroup(admin);
  test::requireCreated(admin.post("/api/v1/alert-rules", R"({"name":"stale","kind":"queue_stale",)"
                                                         R"("group":"on call","threshold":0.05})"));
  REQUIRE(admin.post("/api/v1/messages", R"({"to":"+79123450001","text":"Hi"})").status == 202);
  std::map<std::string, std::string> alerts;
  REQUIRE(test::eventually(
      [&] {
        alerts = alertsByKey(admin);
        return alerts.count("queue_stale") == 1;
      },
      15000));
  CHECK(alerts.at("queue_stale") ==
        "open: Messages have waited 0 minutes in the outbox (limit 0.05).");
}

TEST_CASE("an escalated case alerts the on-call group once", "[alerts]") {
  TestHost h("sqlite");
  auto admin = h.adminClient();
  onCallGroup(admin);
  test::requireCreated(admin.post("/api/v1/alert-rules",
                                  R"({"name":"cases","kind":"case_escalated",)"
                                  R"("group":"on call"})"));
  test::requireCreated(
      admin.post("/api/v1/entities/case", R"({"subject":"Printer on fire","priority":"normal"})"));
  CHECK(admin.get("/api/v1/alerts").json()->getArray("alerts")->size() == 0);
  REQUIRE(admin.request("PUT", "/api/v1/entities/case/1", R"({"priority":"critical"})").status ==
          200);
  REQUIRE(admin.request("PUT", "/api/v1/entities/case/1", R"({"urgent":true})").status == 200);
  auto list = admin.get("/api/v1/alerts").json()->getArray("alerts");
  REQUIRE(list->size() == 1);
  CHECK(list->getObject(0)->getValue<std::string>("text") ==
        "Case 1 escalated: Printer on fire (priority critical).");
  REQUIRE(test::eventually([&] { return alertTexts(admin).size() == 2; }));
}

TEST_CASE("staff groups and alert rules refuse bad input, naming the field", "[alerts]") {
  TestHost h("sqlite");
  auto admin = h.adminClient();
  auto refused = [&](const std::string& path, const std::string& body) {
    auto r = admin.post(path, body);
    INFO(r.body);
    CHECK(r.status == 422);
    return errorOf(r);
  };
  CHECK(refused("/api/v1/staff-groups",
                R"({"name":"x","members":[{"phone":"+79120000001"},{"phone":"12"}]})")
            .starts_with("members[1].phone: "));
  CHECK(refused("/api/v1/staff-groups",
                R"({"name":"x","members":[{"phone":"+79120000001"},{"phone":"+79120000001"}]})")
            .find("twice") != std::string::npos);
  CHECK(refused("/api/v1/staff-groups",
                R"({"name":"x","members":[{"phone":"+79120000001","age":3}]})")
            .starts_with("members[0].age: "));
  onCallGroup(admin);
  const std::string rules = "/api/v1/alert-rules";
  CHECK(refused(rules, R"({"name":"r","kind":"weather","group":"on call"})").starts_with("kind: "));
  CHECK(refused(rules, R"({"name":"r","kind":"api","group":"nobody"})").starts_with("group: "));
  CHECK(refused(rules, R"({"name":"r","kind":"api","group":"on call","threshold":3})")
            .starts_with("threshold: "));
  CHECK(refused(rules, R"({"name":"r","kind":"queue_stale","group":"on call","subject":"sim"})")
            .starts_with("subject: "));
  CHECK(refused(rules,
                R"({"name":"r","kind":"api","group":"on call","severity":"info","repeat_s":600})")
            .starts_with("repeat_s: "));
  CHECK(refused(rules, R"({"name":"r","kind":"api","group":"on call","max_per_hour":0})")
            .starts_with("max_per_hour: "));
  CHECK(refused(rules, R"({"name":"r","kind":"api","group":"on call","severity":"panic"})")
            .starts_with("severity: "));
  test::requireCreated(admin.post(rules, R"({"name":"r","kind":"queue_stale","group":"on call"})"));
  CHECK(refused("/api/v1/alerts", R"({"rule":"r","text":"hi"})").find("not by the API") !=
        std::string::npos);
  CHECK(admin.request("DELETE", "/api/v1/staff-groups/1").status == 409);
  CHECK(admin.get("/api/v1/alert-rules/1").json()->getValue<double>("threshold") == 10);
}
