// Webhook deliveries in bad weather: a receiver that answers bytes that are not text, a URL
// that never answers, an import batch that commits after the rows created beside it.

#include <catch2/catch.hpp>

#include <Poco/Net/ServerSocket.h>

#include <algorithm>
#include <thread>

#include "db/connection.h"
#include "outbox/clock.h"
#include "repositories/entity_repository.h"
#include "repositories/webhook_repository.h"
#include "support/http_client.h"
#include "support/test_host.h"
#include "support/webhook_fixtures.h"
#include "support/webhook_receiver.h"

using namespace pigeon;
using test::HttpClient;
using test::TestHost;
using test::WebhookReceiver;
using test::webhooks::deliveries;
using test::webhooks::hookBody;

namespace {

std::int64_t addHook(HttpClient& admin, const std::string& url, const std::string& events) {
  auto created = admin.post("/api/v1/webhooks", hookBody(url, events));
  INFO(created.body);
  REQUIRE(created.status == 201);
  return created.json()->getValue<std::int64_t>("id");
}

std::string stateOf(HttpClient& admin, std::int64_t hook) {
  auto list = deliveries(admin, hook);
  return list->size() == 0 ? "" : list->getObject(0)->getValue<std::string>("state");
}

}  // namespace

TEST_CASE("a receiver's answer that is not UTF-8 is kept as text, and tries go on", "[webhooks]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend, test::webhooks::kFastWebhooks);
  auto admin = h.adminClient();
  WebhookReceiver crm;
  const auto hook = addHook(admin, crm.url(), R"(["opt_out"])");

  crm.answerErrorsWith("\xff\xfe busy \xc3");
  crm.answerNext({500, 500, 500});
  REQUIRE(admin.post("/api/v1/webhooks/" + std::to_string(hook) + "/ping", "").status == 202);
  REQUIRE(test::eventually([&] { return stateOf(admin, hook) == "failed"; }));
  auto failed = deliveries(admin, hook)->getObject(0);
  CHECK(failed->getValue<int>("attempts") == 3);
  CHECK(failed->getValue<std::string>("last_error") ==
        "answered 500: \xEF\xBF\xBD\xEF\xBF\xBD busy \xEF\xBF\xBD");
  CHECK(crm.posts().size() == 3);  // each try recorded once, none repeated
}

TEST_CASE("a webhook URL that never answers holds up no other webhook", "[webhooks]") {
  auto settings = test::webhooks::kFastWebhooks;
  settings["webhooks.timeout_ms"] = "1000";
  TestHost h("sqlite", settings);
  auto admin = h.adminClient();
  // Accepts connections (the kernel's backlog) and never reads or answers.
  Poco::Net::ServerSocket silent(Poco::Net::SocketAddress("127.0.0.1", 0));
  const auto dead =
      addHook(admin, "http://127.0.0.1:" + std::to_string(silent.address().port()) + "/hooks",
              R"(["opt_out"])");
  WebhookReceiver crm;
  const auto alive = addHook(admin, crm.url(), R"(["opt_out"])");

  // Ten POSTs owed to the dead URL, due before the live one's: one at a time, they would
  // hold it up for ten timeouts.
  for (int i = 0; i < 10; ++i)
    REQUIRE(admin.post("/api/v1/webhooks/" + std::to_string(dead) + "/ping", "").status == 202);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  REQUIRE(admin.post("/api/v1/webhooks/" + std::to_string(alive) + "/ping", "").status == 202);
  CHECK(test::eventually([&] { return stateOf(admin, alive) == "delivered"; }, 4000));
  CHECK(crm.posts().size() == 1);
}

TEST_CASE("a row whose transaction commits late still reaches <type>.created", "[webhooks]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  if (backend != "mysql") return;  // SQLite has one writer: ids commit in order
  TestHost h(backend, test::webhooks::kFastWebhooks);
  auto admin = h.adminClient();
  WebhookReceiver crm;
  addHook(admin, crm.url(), R"(["case.created"])");
  const auto subjects = [&crm] {
    std::vector<std::string> out;
    for (const auto& e : crm.events("case.created"))
      out.push_back(e->getObject("data")->getValue<std::string>("subject"));
    std::sort(out.begin(), out.end());
    return out;
  };

  const auto& type = h.host().entities().type("case");
  auto c = h.host().database().connect();
  {
    // An import batch takes an id, and commits after a case created beside it.
    db::Transaction batch(*c);
    entity::EntityRepository::insert(
        *c, type, "", {{entity::EntityCatalog::findField(type, "subject"), std::string("Late")}},
        host::nowMs());
    REQUIRE(admin.post("/api/v1/entities/case", R"({"subject":"Quick"})").status == 201);
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // Quick has settled
    CHECK(subjects().empty());                                     // it waits for the id before it
    batch.commit();
  }
  REQUIRE(test::eventually([&] { return subjects().size() == 2; }));
  CHECK(subjects() == std::vector<std::string>{"Late", "Quick"});
}

TEST_CASE("finished webhook deliveries are pruned, pending ones kept", "[webhooks]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend);
  auto c = h.host().database().connect();
  const auto now = host::nowMs();
  const auto add = [&](const std::string& state, std::optional<std::int64_t> finishedAt) {
    db::WebhookDelivery d;
    d.webhookId = 1;
    d.events = "ping";
    d.body = "{}";
    d.state = state;
    d.nextAt = now;
    d.createdAt = now;
    db::WebhookRepository::addDelivery(*c, d);
    auto rows = c->query("SELECT MAX(id) FROM webhook_deliveries");
    d.id = db::asInt(rows.rows.front()[0]);
    d.finishedAt = finishedAt;
    db::WebhookRepository::recordAttempt(*c, d);
  };
  const std::int64_t day = 24 * 3600 * 1000;
  add("delivered", now - 40 * day);
  add("failed", now - 31 * day);
  add("delivered", now - 2 * day);
  add("pending", std::nullopt);
  CHECK(db::WebhookRepository::pruneFinished(*c, now - 30 * day, 1) == 1);
  CHECK(db::WebhookRepository::pruneFinished(*c, now - 30 * day, 1000) == 1);
  CHECK(db::WebhookRepository::pruneFinished(*c, now - 30 * day, 1000) == 0);
  auto left = c->query("SELECT state FROM webhook_deliveries ORDER BY id");
  REQUIRE(left.rows.size() == 2);
  CHECK(db::asString(left.rows[0][0]) == "delivered");
  CHECK(db::asString(left.rows[1][0]) == "pending");
}
