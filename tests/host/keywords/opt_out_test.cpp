// STOP, START and HELP out of the box: an inbound STOP opts the sender out (one confirming
// reply, a ledger entry), every send path then stores messages to that number as rejected
// with reason opted_out, and START brings them back.

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

#include "support/http_client.h"
#include "support/inbound_driver.h"
#include "support/test_host.h"

using namespace pigeon;
using test::HttpClient;
using test::TestHost;

namespace {

constexpr const char* kCustomer = "+79123456789";

bool optedOut(HttpClient& admin) {
  return admin.get("/api/v1/opt-outs/%2B79123456789").json()->getValue<bool>("opted_out");
}

}  // namespace

TEST_CASE("STOP opts out, send paths refuse the number, START opts back in",
          "[keywords][inbound]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend, {{test::kInboundSecretSetting, test::kInboundSecret}});
  auto admin = h.adminClient();
  test::InboundDriver customers(h.port(), admin);
  REQUIRE(admin.post("/api/v1/entities/contact", R"({"first_name":"Анна","phone":"+79123456789"})")
              .status == 201);

  customers.send(kCustomer, "Stop");
  auto m = customers.handled(1);
  CHECK(m->getValue<std::string>("outcome") == "opted out");
  CHECK(m->getObject("entity")->getValue<std::string>("type") == "contact");
  CHECK(m->getObject("rule")->getValue<std::string>("name") == "opt-out");
  CHECK(optedOut(admin));
  REQUIRE(test::eventually([&] { return customers.replies(kCustomer).size() == 1; }));
  CHECK(customers.replies(kCustomer)[0].find("no more messages") != std::string::npos);

  // The ledger says who, when and how.
  auto ledger = admin.get("/api/v1/opt-outs/%2B79123456789").json();
  auto entry = ledger->getArray("history")->getObject(0);
  CHECK(entry->getValue<std::string>("action") == "opt_out");
  CHECK(entry->getValue<std::string>("channel") == "sms");
  CHECK(entry->getValue<std::string>("detail") == "Stop");
  CHECK(entry->getValue<std::int64_t>("inbound_id") == m->getValue<std::int64_t>("id"));

  // A second STOP changes nothing and is not confirmed again.
  customers.send(kCustomer, "СТОП");
  CHECK(customers.handled(2)->getValue<std::string>("outcome") == "already opted out");
  CHECK(customers.replies(kCustomer).size() == 1);

  // Every send path: single, batch, template.
  auto single = admin.post("/api/v1/messages", R"({"to":"+79123456789","text":"Sale!"})");
  CHECK(single.status == 200);
  CHECK(single.json()->getValue<std::string>("status") == "rejected");
  CHECK(single.json()->getValue<std::string>("reason") == "opted_out");
  const auto rejectedId = std::to_string(single.json()->getValue<std::int64_t>("id"));
  CHECK(admin.get("/api/v1/messages/" + rejectedId).json()->getValue<std::string>("status") ==
        "rejected");
  auto batch = admin.post("/api/v1/messages", R"({"messages":[{"to":"+79123456789","text":"a"},)"
                                              R"({"to":"+79123456780","text":"b"}]})");
  REQUIRE(batch.status == 202);
  CHECK(batch.json()->getValue<int>("queued") == 1);
  CHECK(batch.json()->getValue<int>("rejected") == 1);
  CHECK(batch.json()->getArray("messages")->getObject(0)->getValue<std::string>("reason") ==
        "opted_out");
  REQUIRE(admin
              .post("/api/v1/templates",
                    R"({"name":"hi","entity_type":"contact","body":"Hi {{contact.first_name}}"})")
              .status == 201);
  auto templated =
      admin.post("/api/v1/messages", R"({"template":"hi","entity":{"type":"contact","id":1}})");
  CHECK(templated.json()->getValue<std::string>("status") == "rejected");

  // HELP answers without changing anything; START opts back in, confirmed once.
  customers.send(kCustomer, "help");
  CHECK(customers.handled(3)->getValue<std::string>("outcome") == "help sent");
  CHECK(optedOut(admin));
  customers.send(kCustomer, "START");
  CHECK(customers.handled(4)->getValue<std::string>("outcome") == "opted in");
  CHECK_FALSE(optedOut(admin));
  REQUIRE(test::eventually([&] { return customers.replies(kCustomer).size() == 3; }));
  CHECK(admin.post("/api/v1/messages", R"({"to":"+79123456789","text":"Welcome back"})").status ==
        202);
}

TEST_CASE("opt-out words work in other scripts and look-alike letters", "[keywords][inbound]") {
  TestHost h("sqlite", {{test::kInboundSecretSetting, test::kInboundSecret}});
  auto admin = h.adminClient();
  test::InboundDriver customers(h.port(), admin);
  const char* words[] = {"لغو", "\u0405\u0422\u041EP", "ＳＴＯＰ!"};
  for (std::size_t i = 0; i < std::size(words); ++i) {
    INFO(words[i]);
    const std::string from = "+7912345670" + std::to_string(i);
    customers.send(from, words[i]);
    CHECK(customers.handled(i + 1)->getValue<std::string>("outcome") == "opted out");
  }
  customers.send("+79123456709", "stopping by later");  // not the word STOP
  CHECK(customers.handled(4)->getValue<std::string>("outcome") == "no keyword rule matched");
  customers.send("+79123456709", "Cancel my 3 pm visit");  // CANCEL, but in a sentence
  CHECK(customers.handled(5)->getValue<std::string>("outcome") == "no keyword rule matched");
}

TEST_CASE("the CRM records opt-outs by API; rights decide who sees and undoes them",
          "[keywords][api]") {
  TestHost h;
  auto admin = h.adminClient();
  auto created = admin.post("/api/v1/opt-outs", R"({"phone":"+79123456789","reason":"called"})");
  CHECK(created.status == 201);
  CHECK(admin.post("/api/v1/opt-outs", R"({"phone":"+79123456789"})").status == 200);
  CHECK(admin.post("/api/v1/opt-outs", R"({"phone":"12"})").status == 422);
  auto list = admin.get("/api/v1/opt-outs").json()->getArray("opt_outs");
  REQUIRE(list->size() == 1);
  CHECK(list->getObject(0)->getValue<std::string>("channel") == "api");
  auto history = admin.get("/api/v1/opt-outs/%2B79123456789").json()->getArray("history");
  CHECK(history->size() == 2);  // both requests are in the ledger
  CHECK(history->getObject(0)->getValue<std::string>("user") == "admin");

  auto operatorClient = h.userClient("olga", "operator");
  CHECK(operatorClient.get("/api/v1/opt-outs").status == 403);
  CHECK(operatorClient.request("DELETE", "/api/v1/opt-outs/%2B79123456789").status == 403);
  CHECK(admin.request("DELETE", "/api/v1/opt-outs/%2B79123456789?reason=asked").status == 204);
  CHECK(admin.request("DELETE", "/api/v1/opt-outs/%2B79123456789").status == 404);
  CHECK_FALSE(optedOut(admin));
}

TEST_CASE("a message queued before the opt-out is rejected when its turn comes",
          "[keywords][outbox]") {
  TestHost h("sqlite", {{"provider.down.plugin", "pigeon.provider.simulator"},
                        {"provider.down.down", "true"},
                        {"provider.bad.plugin", "pigeon.provider.simulator"},
                        {"provider.bad.permanent_failure_ratio", "1"}});
  auto admin = h.adminClient();
  // Waits for a provider that is down, so it is still queued when the number opts out.
  auto waiting =
      admin.post("/api/v1/messages", R"({"to":"+79123456789","text":"Sale","provider":"down"})");
  REQUIRE(waiting.status == 202);
  const auto waitingId = std::to_string(waiting.json()->getValue<std::int64_t>("id"));
  auto failed =
      admin.post("/api/v1/messages", R"({"to":"+79123456789","text":"Sale","provider":"bad"})");
  const auto failedId = std::to_string(failed.json()->getValue<std::int64_t>("id"));
  REQUIRE(test::eventually([&] {
    return admin.get("/api/v1/messages/" + failedId).json()->getValue<std::string>("status") ==
           "failed";
  }));

  REQUIRE(admin.post("/api/v1/opt-outs", R"({"phone":"+79123456789"})").status == 201);
  Poco::JSON::Object::Ptr m;
  REQUIRE(test::eventually([&] {
    m = admin.get("/api/v1/messages/" + waitingId).json();
    return m->getValue<std::string>("status") == "rejected";
  }));
  CHECK(m->getObject("error")->getValue<std::string>("code") == "opted_out");
  // A failed one is not sent again by hand either.
  auto requeued = admin.post("/api/v1/messages/" + failedId + "/requeue", "");
  CHECK(requeued.status == 409);
  CHECK(requeued.json()->getObject("error")->getValue<std::string>("code") == "opted_out");
  // The engine's tag is kept for its replies.
  CHECK(admin.post("/api/v1/messages", R"({"to":"+79123456780","text":"x","tag":"keyword"})")
            .status == 422);
}
