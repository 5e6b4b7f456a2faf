// pigeond's whole path with the SMPP plugin: the API queues, the dispatcher submits through
// pigeon.provider.smpp to the fake SMSC over TCP, and its receipts mark the messages delivered.

#include <catch2/catch.hpp>

#include "fake_smsc.h"
#include "pigeon/sdk/text/sms_text.h"
#include "support/test_host.h"

using namespace pigeon;
using test::TestHost;

namespace {

// pigeond with one SMPP instance "smsc", the default, bound to the fake SMSC.
std::map<std::string, std::string> smscInstance(const smpp::test::FakeSmsc& smsc,
                                                std::map<std::string, std::string> extra = {}) {
  std::map<std::string, std::string> settings{{"provider.smsc.plugin", "pigeon.provider.smpp"},
                                              {"provider.smsc.host", "127.0.0.1"},
                                              {"provider.smsc.port", std::to_string(smsc.port())},
                                              {"provider.smsc.system_id", "pigeon"},
                                              {"provider.smsc.password", "secret"},
                                              {"providers.default", "smsc"}};
  for (auto& [k, v] : extra) settings[k] = v;
  return settings;
}

}  // namespace

TEST_CASE("messages go through the SMPP plugin to an SMSC and come back delivered", "[smpp]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  smpp::test::FakeSmsc smsc;
  TestHost t(backend, smscInstance(smsc, {{"provider.smsc.reconnect_s", "1"}}));
  auto client = t.adminClient();
  REQUIRE(test::eventually([&] { return smsc.binds() == 1; }));

  std::string batch = R"({"messages":[)";
  for (int i = 0; i < 100; ++i)
    batch += (i ? "," : "") + std::string(R"({"to":"+7912000)") + std::to_string(1000 + i) +
             R"(","text":"Ваш код )" + std::to_string(i) + R"("})";
  batch += "]}";
  auto queued = client.post("/api/v1/messages", batch);
  REQUIRE(queued.status == 202);
  // And one long text: three GSM-7 parts, one message.
  auto longOne = client.post("/api/v1/messages",
                             R"({"to":"+79123456789","text":")" + std::string(400, 'x') + R"("})");
  REQUIRE(longOne.status == 202);
  CHECK(longOne.json()->getValue<int>("parts") == 3);

  const bool delivered = test::eventually(
      [&] {
        auto page = client.get("/api/v1/messages?status=delivered&limit=1000").json();
        return page->getArray("messages")->size() == 101;
      },
      20000);
  REQUIRE(delivered);
  CHECK(smsc.submits() == 100 + 3);  // once each: nothing sent twice
  const auto id = longOne.json()->getValue<std::int64_t>("id");
  auto one = client.get("/api/v1/messages/" + std::to_string(id)).json();
  CHECK(one->getValue<std::string>("provider") == "smsc");
  CHECK_FALSE(one->getValue<std::string>("provider_message_id").empty());

  auto providers = client.get("/api/v1/providers").json()->getArray("providers");
  bool seen = false;
  for (std::size_t i = 0; i < providers->size(); ++i) {
    auto p = providers->getObject(static_cast<unsigned>(i));
    if (p->getValue<std::string>("name") != "smsc") continue;
    seen = true;
    CHECK(p->getValue<std::string>("state") == "running");
    CHECK(p->getValue<std::string>("balance_error") == "SMPP has no balance query");
  }
  CHECK(seen);
}

TEST_CASE("inbound SMS from an SMSC are stored and listed, and binds and window are shown",
          "[smpp]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  smpp::test::FakeSmsc smsc;
  TestHost t(backend, smscInstance(smsc, {{"provider.smsc.window", "7"}}));
  auto client = t.adminClient();
  REQUIRE(test::eventually([&] { return smsc.binds() == 1; }));

  auto providers = client.get("/api/v1/providers").json()->getArray("providers");
  bool seen = false;
  for (std::size_t i = 0; i < providers->size(); ++i) {
    auto p = providers->getObject(static_cast<unsigned>(i));
    if (p->getValue<std::string>("name") != "smsc") continue;
    seen = true;
    CHECK(p->getValue<bool>("connected"));
    CHECK(p->getValue<int>("binds") == 1);
    CHECK(p->getValue<int>("binds_configured") == 1);
    CHECK(p->getValue<int>("window_used") == 0);
    CHECK(p->getValue<int>("window_size") == 7);
  }
  CHECK(seen);

  auto mo = smpp::makePdu(smpp::command::kDeliverSm, 0);
  mo.set("source_addr", std::string("79001234567"));
  mo.set("destination_addr", std::string("7000"));
  const auto body = *sdk::text::encodeUcs2("Запись на завтра");
  mo.set("data_coding", 8u);
  mo.set("sm_length", static_cast<std::uint32_t>(body.size()));
  mo.set("short_message", body);
  smsc.sendDeliverSm(mo);

  Poco::JSON::Array::Ptr list;
  REQUIRE(test::eventually([&] {
    list = client.get("/api/v1/inbound").json()->getArray("messages");
    return list->size() == 1;
  }));
  auto in = list->getObject(0);
  CHECK(in->getValue<std::string>("instance") == "smsc");
  CHECK(in->getValue<std::string>("from") == "+79001234567");
  CHECK(in->getValue<std::string>("to") == "7000");
  CHECK(in->getValue<std::string>("text") == "Запись на завтра");
  // Filtered by the sender, written as a caller would (national form, default region RU).
  auto mine = client.get("/api/v1/inbound?from=89001234567").json()->getArray("messages");
  CHECK(mine->size() == 1);
  auto other = client.get("/api/v1/inbound?from=%2B79001111111").json()->getArray("messages");
  CHECK(other->size() == 0);

  // The SMSC drops the bind and refuses the password from now on: disconnected, no binds.
  smsc.setBehaviour({.password = "changed"});
  smsc.closeConnections();
  REQUIRE(test::eventually([&] {
    auto ps = client.get("/api/v1/providers").json()->getArray("providers");
    for (std::size_t i = 0; i < ps->size(); ++i) {
      auto p = ps->getObject(static_cast<unsigned>(i));
      if (p->getValue<std::string>("name") == "smsc")
        return !p->getValue<bool>("connected") && p->getValue<int>("binds") == 0;
    }
    return false;
  }));
}

TEST_CASE("a full SMPP window holds messages for the next answer instead of bouncing them",
          "[smpp]") {
  smpp::test::FakeSmsc smsc;
  TestHost t("sqlite", smscInstance(smsc, {{"provider.smsc.window", "3"}}));
  auto client = t.adminClient();
  REQUIRE(test::eventually([&] { return smsc.binds() == 1; }));
  std::string batch = R"({"messages":[)";
  for (int i = 0; i < 300; ++i)
    batch += (i ? "," : "") + std::string(R"({"to":"+7912100)") + std::to_string(1000 + i) +
             R"(","text":"window )" + std::to_string(i) + R"("})";
  REQUIRE(client.post("/api/v1/messages", batch + "]}").status == 202);
  REQUIRE(test::eventually(
      [&] {
        return client.get("/api/v1/messages?status=delivered&limit=1000")
                   .json()
                   ->getArray("messages")
                   ->size() == 300;
      },
      30000));
  CHECK(smsc.submits() == 300);
  // Not one went back to the queue for a throttle pause: each timeline is queued, submitted,
  // delivered, with one attempt.
  auto list = client.get("/api/v1/messages?limit=1000").json()->getArray("messages");
  int bounced = 0;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto id = list->getObject(static_cast<unsigned>(i))->getValue<std::int64_t>("id");
    auto m = client.get("/api/v1/messages/" + std::to_string(id)).json();
    if (m->getValue<int>("attempts") != 1 || m->getArray("events")->size() != 3) ++bounced;
  }
  CHECK(bounced == 0);
}
