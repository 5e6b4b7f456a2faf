// pigeond's whole path with the SMS.ru plugin: the API queues, the dispatcher sends through
// pigeon.provider.smsru to the fake SMS.ru over HTTP, and SMS.ru's signed callback to
// /callbacks/<instance> marks the messages delivered. Only the instance's secret opens it.

#include <catch2/catch.hpp>

#include "fake_smsru.h"
#include "support/test_host.h"

using namespace pigeon;
using test::TestHost;

namespace {

std::string statusOf(test::HttpClient& client, std::int64_t id) {
  return client.get("/api/v1/messages/" + std::to_string(id))
      .json()
      ->getValue<std::string>("status");
}

}  // namespace

TEST_CASE("messages go through SMS.ru and its callbacks mark them delivered", "[smsru]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  smsru::test::FakeSmsruBehaviour behaviour;
  behaviour.noRoutePrefix = "7999";
  smsru::test::FakeSmsru fake(behaviour);
  TestHost t(backend, {{"provider.ru.plugin", "pigeon.provider.smsru"},
                       {"provider.ru.api_id", "test-api-id"},
                       {"provider.ru.base_url", fake.baseUrl()},
                       {"provider.ru.status_poll_s", "0"},
                       {"provider.ru.callback_secret", "cb-secret-1"},
                       {"providers.default", "ru"}});
  auto admin = t.adminClient();
  const auto callbacks = "http://127.0.0.1:" + std::to_string(t.port()) + "/callbacks/ru";

  std::vector<std::int64_t> ids;
  for (int i = 0; i < 10; ++i) {
    auto r =
        admin.post("/api/v1/messages", R"({"to":"+7916555000)" + std::to_string(i) +
                                           R"(","text":"Ваш код )" + std::to_string(i) + R"("})");
    REQUIRE(r.status == 202);
    ids.push_back(r.json()->getValue<std::int64_t>("id"));
  }
  REQUIRE(test::eventually([&] {
    for (auto id : ids)
      if (statusOf(admin, id) != "submitted") return false;
    return true;
  }));
  const auto got = fake.received();
  REQUIRE(got.size() == 10);  // once each
  std::vector<std::string> smsIds;
  for (const auto& r : got) smsIds.push_back(r.smsId);

  // The wrong secret, no secret, or an instance that does not exist: refused alike.
  CHECK(fake.pushStatus(callbacks + "?secret=guess", smsIds, 103, "test-api-id").first == 403);
  CHECK(fake.pushStatus(callbacks, smsIds, 103, "test-api-id").first == 403);
  CHECK(fake.pushStatus("http://127.0.0.1:" + std::to_string(t.port()) +
                            "/callbacks/nobody?secret=cb-secret-1",
                        smsIds, 103, "test-api-id")
            .first == 403);
  // The right secret but not signed with the account's api_id: the plugin refuses it.
  CHECK(fake.pushStatus(callbacks + "?secret=cb-secret-1", smsIds, 103, "other").first == 403);
  CHECK(statusOf(admin, ids[0]) == "submitted");

  const auto answer =
      fake.pushStatus(callbacks + "?secret=cb-secret-1", smsIds, 103, "test-api-id");
  CHECK(answer.first == 200);
  CHECK(answer.second == "100");
  REQUIRE(test::eventually([&] {
    for (auto id : ids)
      if (statusOf(admin, id) != "delivered") return false;
    return true;
  }));

  // The balance comes from SMS.ru.
  auto providers = admin.get("/api/v1/providers").json()->getArray("providers");
  bool seen = false;
  for (std::size_t i = 0; i < providers->size(); ++i) {
    auto p = providers->getObject(static_cast<unsigned>(i));
    if (p->getValue<std::string>("name") != "ru") continue;
    seen = true;
    CHECK(p->getObject("balance")->getValue<double>("amount") == Approx(4122.56));
    CHECK(p->getObject("balance")->getValue<std::string>("currency") == "RUB");
    CHECK(p->getValue<int>("window_size") == 200);
  }
  CHECK(seen);

  // SMS.ru has no route to +7999...: the route's next instance, the simulator, sends it.
  REQUIRE(admin
              .request("PUT", "/api/v1/routes",
                       R"({"routes":[{"name":"ru first","prefix":"+7","instances":["ru","sim"]}]})")
              .status == 200);
  auto r = admin.post("/api/v1/messages", R"({"to":"+79991234567","text":"hi"})");
  const auto id = r.json()->getValue<std::int64_t>("id");
  REQUIRE(test::eventually([&] { return statusOf(admin, id) == "delivered"; }));
  CHECK(admin.get("/api/v1/messages/" + std::to_string(id))
            .json()
            ->getValue<std::string>("provider") == "sim");
}

TEST_CASE("balances are asked on a timer, without anyone looking", "[smsru]") {
  smsru::test::FakeSmsru fake;
  TestHost t("sqlite", {{"provider.ru.plugin", "pigeon.provider.smsru"},
                        {"provider.ru.api_id", "test-api-id"},
                        {"provider.ru.base_url", fake.baseUrl()},
                        {"provider.ru.status_poll_s", "0"},
                        {"providers.balance_refresh_s", "1"}});
  // No request to pigeond at all: the refresher asks by itself, again and again.
  CHECK(test::eventually([&] { return fake.balanceQueries() >= 2; }, 5000));
}
