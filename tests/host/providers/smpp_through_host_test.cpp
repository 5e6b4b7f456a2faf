// pigeond's whole path with the SMPP plugin: the API queues, the dispatcher submits through
// pigeon.provider.smpp to the fake SMSC over TCP, and its receipts mark the messages delivered.

#include <catch2/catch.hpp>

#include "fake_smsc.h"
#include "support/test_host.h"

using namespace pigeon;
using test::TestHost;

TEST_CASE("messages go through the SMPP plugin to an SMSC and come back delivered", "[smpp]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  smpp::test::FakeSmsc smsc;
  TestHost t(backend, {{"provider.smsc.plugin", "pigeon.provider.smpp"},
                       {"provider.smsc.host", "127.0.0.1"},
                       {"provider.smsc.port", std::to_string(smsc.port())},
                       {"provider.smsc.system_id", "pigeon"},
                       {"provider.smsc.password", "secret"},
                       {"provider.smsc.reconnect_s", "1"},
                       {"providers.default", "smsc"}});
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
