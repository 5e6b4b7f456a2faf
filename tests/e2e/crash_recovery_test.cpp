// kill -9 of pigeond while clients send: no accepted message is lost, every one reaches a
// final state after restart, and the timeline says which ones may have gone out twice.

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

#include <atomic>
#include <chrono>
#include <random>
#include <set>
#include <thread>

#include "e2e/e2e_support.h"
#include "e2e/pigeond_process.h"
#include "support/http_client.h"

using namespace pigeon;

namespace {

std::string batchOf(int n, int round, int batch) {
  std::string body = R"({"messages":[)";
  for (int i = 0; i < n; ++i)
    body += std::string(i ? "," : "") + R"({"to":"+7912)" +
            std::to_string(1000000 + (round * 100000 + batch * n + i) % 8999999) +
            R"(","text":"crash test )" + std::to_string(i) + "\"}";
  return body + "]}";
}

// Sends batches until the process dies under it; returns the ids the host acknowledged.
void sendUntilKilled(int port, int round, std::set<std::int64_t>& accepted,
                     std::atomic<bool>& killed) {
  auto client = test::adminOf(port);
  for (int batch = 0; !killed; ++batch) {
    try {
      auto r = client.post("/api/v1/messages", batchOf(200, round, batch));
      if (r.status != 202) continue;
      auto body = r.json();  // outlives the loop: range-for drops temporaries of its range
      for (const auto& item : *body->getArray("messages"))
        accepted.insert(item.extract<Poco::JSON::Object::Ptr>()->getValue<std::int64_t>("id"));
    } catch (const std::exception&) {
      return;  // the connection died with the process: that batch was never acknowledged
    }
  }
}

std::size_t countWithStatus(test::HttpClient& client, const std::string& status) {
  return client.get("/api/v1/messages?limit=1000&status=" + status)
      .json()
      ->getArray("messages")
      ->size();
}

}  // namespace

TEST_CASE("kill -9 at random moments loses no accepted message", "[e2e]") {
  test::TempDir dir;
  test::useE2eAdminPassword();
  test::PigeondProcess pigeond(dir, {{"provider.sim.plugin", "pigeon.provider.simulator"},
                                     {"provider.sim.delay_ms", "20"},
                                     {"retry.backoff_ms", "50"},
                                     {"dlr.timeout_s", "2"},
                                     {"dispatcher.lease_s", "5"}});
  std::mt19937 random(std::random_device{}());
  std::set<std::int64_t> accepted;
  for (int round = 0; round < 3; ++round) {
    const int port = pigeond.start();
    std::atomic<bool> killed{false};
    std::thread sender([&] { sendUntilKilled(port, round, accepted, killed); });
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution<>(300, 1200)(random)));
    pigeond.kill9();
    killed = true;
    sender.join();
  }
  INFO("accepted before the last restart: " << accepted.size());
  REQUIRE(accepted.size() > 1000);

  const int port = pigeond.start();
  auto client = test::adminOf(port);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  auto pending = [&] {
    return countWithStatus(client, "queued") + countWithStatus(client, "sending") +
           countWithStatus(client, "submitted");
  };
  while (pending() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  REQUIRE(pending() == 0);

  // Every accepted message exists and ended delivered, or expired when its report died with
  // the process that was waiting for it.
  std::set<std::int64_t> seen;
  std::map<std::string, int> byStatus;
  std::string cursor;
  for (;;) {
    auto page =
        client.get("/api/v1/messages?limit=1000" + (cursor.empty() ? "" : "&cursor=" + cursor))
            .json();
    for (const auto& v : *page->getArray("messages")) {
      auto m = v.extract<Poco::JSON::Object::Ptr>();
      seen.insert(m->getValue<std::int64_t>("id"));
      ++byStatus[m->getValue<std::string>("status")];
    }
    if (page->isNull("next_cursor")) break;
    cursor = page->getValue<std::string>("next_cursor");
  }
  std::size_t lost = 0;
  for (auto id : accepted) lost += seen.count(id) ? 0 : 1;
  INFO("delivered " << byStatus["delivered"] << ", expired " << byStatus["expired"] << ", failed "
                    << byStatus["failed"]);
  CHECK(lost == 0);
  CHECK(byStatus["failed"] == 0);
  CHECK(byStatus["delivered"] + byStatus["expired"] == static_cast<int>(seen.size()));
  CHECK(byStatus["delivered"] > 0);
  CHECK(pigeond.terminate() == 0);
}
