// The handoff from Outbox to the dispatcher: while nothing older waits in the store, a new
// message is stored already leased and sent without a claim; while a backlog waits, new
// messages queue behind it like any other.

#include <chrono>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "support/test_host.h"

using namespace pigeon;
using test::TestHost;

namespace {

std::int64_t idOf(const test::HttpResult& r) { return r.json()->getValue<std::int64_t>("id"); }

std::string statusOf(test::HttpClient& client, std::int64_t id) {
  return client.get("/api/v1/messages/" + std::to_string(id))
      .json()
      ->getValue<std::string>("status");
}

}  // namespace

TEST_CASE("a message queued while nothing waits is sent without a claim", "[outbox]") {
  TestHost t;
  auto client = t.adminClient();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the first round has run
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 20; ++i) {
    auto r = client.post("/api/v1/messages", R"({"to":"+79123456789","text":"handed over"})");
    REQUIRE(r.status == 202);
    CHECK(r.json()->getValue<std::string>("status") == "queued");
    ids.push_back(idOf(r));
  }
  for (auto id : ids)
    REQUIRE(test::eventually([&] { return statusOf(client, id) == "delivered"; }));
  const auto handed = t.host().metrics().handoffs();
  INFO("handed off: " << handed);
  CHECK(handed >= 10);
  // Its timeline is the ordinary one: nothing requeued, one attempt.
  auto m = client.get("/api/v1/messages/" + std::to_string(ids.back())).json();
  auto events = m->getArray("events");
  REQUIRE(events->size() == 3);
  CHECK(events->getObject(0)->getValue<std::string>("status") == "queued");
  CHECK(events->getObject(1)->getValue<std::string>("status") == "submitted");
  CHECK(events->getObject(2)->getValue<std::string>("status") == "delivered");
  CHECK(m->getValue<int>("attempts") == 1);
  CHECK(client.get("/metrics").body.find("pigeon_handoff_total " + std::to_string(handed)) !=
        std::string::npos);
}

TEST_CASE("while a backlog waits, new messages queue behind it", "[outbox]") {
  // 500 a second: 3 000 messages are a backlog of about six seconds.
  TestHost t("sqlite", {{"provider.sim.max_tps", "500"}});
  auto client = t.adminClient();
  std::string batch = R"({"messages":[)";
  for (int i = 0; i < 3000; ++i)
    batch += std::string(i ? "," : "") + R"({"to":"+79123456789","text":"backlog"})";
  batch += "]}";
  REQUIRE(client.post("/api/v1/messages", batch).status == 202);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a claim round saw the backlog
  const auto before = t.host().metrics().handoffs();
  auto late = client.post("/api/v1/messages", R"({"to":"+79123456780","text":"late"})");
  REQUIRE(late.status == 202);
  CHECK(t.host().metrics().handoffs() == before);
  CHECK(statusOf(client, idOf(late)) == "queued");  // stored queued, behind the backlog
}
