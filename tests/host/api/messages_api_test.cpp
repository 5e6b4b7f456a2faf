// /api/v1/messages over real HTTP against a whole in-process host and the simulator plugin.

#include <catch2/catch.hpp>

#include <set>

#include <Poco/JSON/Array.h>

#include "auth/password_hasher.h"
#include "repositories/user_repository.h"
#include "support/test_host.h"

using namespace pigeon;
using test::TestHost;

namespace {

std::string statusOf(test::HttpClient& client, std::int64_t id) {
  return client.get("/api/v1/messages/" + std::to_string(id))
      .json()
      ->getValue<std::string>("status");
}

std::int64_t idOf(const test::HttpResult& r) { return r.json()->getValue<std::int64_t>("id"); }

}  // namespace

TEST_CASE("a message is queued, normalised, counted and followed to delivered", "[api]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost t(backend);
  auto client = t.adminClient();
  auto r = client.post("/api/v1/messages", R"({"to":"8 (912) 345-67-89","text":"Привет"})");
  REQUIRE(r.status == 202);
  auto body = r.json();
  CHECK(body->getValue<std::string>("status") == "queued");
  CHECK(body->getValue<std::string>("to") == "+79123456789");
  CHECK(body->getValue<std::string>("encoding") == "UCS2");
  CHECK(body->getValue<int>("parts") == 1);

  const auto id = idOf(r);
  REQUIRE(test::eventually([&] { return statusOf(client, id) == "delivered"; }));
  auto m = client.get("/api/v1/messages/" + std::to_string(id)).json();
  CHECK(m->getValue<std::string>("text") == "Привет");
  CHECK(m->getValue<std::string>("provider") == "sim");
  CHECK(m->getValue<std::string>("provider_message_id").rfind("sim-", 0) == 0);
  auto events = m->getArray("events");
  REQUIRE(events->size() == 3);
  CHECK(events->getObject(0)->getValue<std::string>("status") == "queued");
  CHECK(events->getObject(1)->getValue<std::string>("status") == "submitted");
  CHECK(events->getObject(1)->getValue<std::string>("provider_message_id") ==
        m->getValue<std::string>("provider_message_id"));
  CHECK(events->getObject(2)->getValue<std::string>("status") == "delivered");

  auto metrics = client.get("/metrics");
  CHECK(metrics.body.find("pigeon_messages_total{status=\"delivered\"} 1") != std::string::npos);
  CHECK(metrics.body.find("pigeon_provider_submits_total{provider=\"sim\"} 1") !=
        std::string::npos);
  CHECK(metrics.body.find("pigeon_http_request_duration_seconds_bucket") != std::string::npos);
}

TEST_CASE("GSM-7 texts and long texts are counted in parts", "[api]") {
  TestHost t("sqlite", {{"messages.max_parts", "2"}});
  auto client = t.adminClient();
  auto gsm =
      client.post("/api/v1/messages", R"({"to":"+79123456789","text":"Hello {world} €5"})").json();
  CHECK(gsm->getValue<std::string>("encoding") == "GSM7");
  auto twoParts = client.post(
      "/api/v1/messages", "{\"to\":\"+79123456789\",\"text\":\"" + std::string(161, 'a') + "\"}");
  CHECK(twoParts.json()->getValue<int>("parts") == 2);
  auto tooLong = client.post(
      "/api/v1/messages", "{\"to\":\"+79123456789\",\"text\":\"" + std::string(307, 'a') + "\"}");
  CHECK(tooLong.status == 422);
  auto error = tooLong.json()->getObject("error");
  CHECK(error->getValue<std::string>("code") == "text_too_long");
  CHECK(error->getValue<std::string>("field") == "text");
  CHECK(error->getValue<std::string>("message").find("3 SMS parts") != std::string::npos);
}

TEST_CASE("the same reference twice gives the first message back", "[api]") {
  TestHost t;
  auto client = t.adminClient();
  const std::string body =
      R"({"to":"+79123456789","text":"code 1234","reference":"otp-77","priority":"high"})";
  auto first = client.post("/api/v1/messages", body);
  auto second = client.post("/api/v1/messages", body);
  CHECK(first.status == 202);
  CHECK(second.status == 200);
  CHECK(idOf(first) == idOf(second));
  CHECK(second.json()->getValue<bool>("duplicate"));
  auto list = client.get("/api/v1/messages").json()->getArray("messages");
  CHECK(list->size() == 1);

  // The same reference for another text is a mistake the caller must hear about.
  auto reused = client.post("/api/v1/messages",
                            R"({"to":"+79123456789","text":"code 9999","reference":"otp-77"})");
  CHECK(reused.status == 409);
  auto error = reused.json()->getObject("error");
  CHECK(error->getValue<std::string>("code") == "reference_conflict");
  CHECK(error->getValue<std::string>("field") == "reference");
  auto inBatch =
      client.post("/api/v1/messages",
                  R"({"messages":[{"to":"+79120000000","text":"x","reference":"otp-77"}]})");
  CHECK(inBatch.json()->getValue<int>("rejected") == 1);
  CHECK(inBatch.json()
            ->getArray("messages")
            ->getObject(0)
            ->getObject("error")
            ->getValue<std::string>("field") == "messages[0].reference");
}

TEST_CASE("a batch queues the valid items and answers each invalid one", "[api]") {
  TestHost t;
  auto client = t.adminClient();
  auto r = client.post("/api/v1/messages", R"({"messages":[
      {"to":"+79123456789","text":"one"},
      {"to":"12","text":"two"},
      {"to":"+989123456789","text":"سلام"},
      {"to":"+79123456789","text":"four","colour":"red"}]})");
  REQUIRE(r.status == 202);
  auto body = r.json();
  CHECK(body->getValue<int>("queued") == 2);
  CHECK(body->getValue<int>("rejected") == 2);
  auto items = body->getArray("messages");
  REQUIRE(items->size() == 4);
  CHECK(items->getObject(0)->getValue<std::string>("status") == "queued");
  auto bad = items->getObject(1)->getObject("error");
  CHECK(bad->getValue<std::string>("code") == "invalid_number");
  CHECK(bad->getValue<std::string>("field") == "messages[1].to");
  CHECK(bad->getValue<std::string>("message").find("'12'") != std::string::npos);
  CHECK(items->getObject(2)->getValue<std::string>("encoding") == "UCS2");
  CHECK(items->getObject(3)->getObject("error")->getValue<std::string>("field") ==
        "messages[3].colour");
  CHECK(items->getObject(3)->getValue<int>("index") == 3);

  auto allBad = client.post("/api/v1/messages", R"({"messages":[{"to":"x","text":"a"}]})");
  CHECK(allBad.status == 422);
  CHECK(client.post("/api/v1/messages", R"({"messages":[]})").status == 422);
}

TEST_CASE("bad requests get an error naming the problem and change nothing", "[api]") {
  TestHost t;
  auto client = t.adminClient();
  struct Case {
    std::string body;
    int status;
    std::string code;
    std::string field;
  };
  const std::vector<Case> cases{
      {"{not json", 400, "invalid_json", ""},
      {"[1,2]", 400, "invalid_json", ""},
      {"", 400, "invalid_json", ""},
      {R"({"to":"+79123456789"})", 422, "missing_field", "text"},
      {R"({"to":79123456789,"text":"x"})", 422, "invalid_type", "to"},
      {R"({"to":"+79123456789","text":""})", 422, "empty_text", "text"},
      {R"({"to":"+79123456789","text":"x","prio":"high"})", 422, "unknown_field", "prio"},
      {R"({"to":"+79123456789","text":"x","priority":"urgent"})", 422, "invalid_priority",
       "priority"},
      {R"({"to":"+79123456789","text":"x","provider":"nope"})", 422, "unknown_provider",
       "provider"},
      {R"({"to":"hello","text":"x"})", 422, "invalid_number", "to"},
      {"{\"to\":\"+79123456789\",\"text\":\"\xff\xfe\"}", 400, "invalid_json", ""},
  };
  for (const auto& c : cases) {
    INFO(c.body);
    auto r = client.post("/api/v1/messages", c.body);
    CHECK(r.status == c.status);
    auto error = r.json()->getObject("error");
    CHECK(error->getValue<std::string>("code") == c.code);
    if (c.field.empty())
      CHECK(error->isNull("field"));
    else
      CHECK(error->getValue<std::string>("field") == c.field);
    CHECK_FALSE(error->getValue<std::string>("message").empty());
  }
  CHECK(client.get("/api/v1/messages").json()->getArray("messages")->size() == 0);

  auto huge = client.postDeclaringLength("/api/v1/messages", 16 * 1024 * 1024 + 10);
  CHECK(huge.status == 413);
  CHECK(huge.json()->getObject("error")->getValue<std::string>("code") == "body_too_large");

  CHECK(client.get("/api/v1/messages/999").status == 404);
  CHECK(client.get("/api/v1/messages/abc").status == 404);
  CHECK(client.get("/api/v1/nothing").status == 404);
  CHECK(client.request("DELETE", "/api/v1/messages").status == 405);
  CHECK(client.get("/api/v1/messages?status=lost").status == 400);
  CHECK(client.get("/api/v1/messages?limit=0").status == 400);
  auto badUri = client.get("/api/v1/messages?to=%zz");
  CHECK(badUri.status == 400);
  CHECK(badUri.json()->getObject("error")->getValue<std::string>("code") == "invalid_uri");
}

TEST_CASE("callers are authenticated by password or API key", "[api]") {
  TestHost t;
  test::HttpClient anonymous(t.port());
  CHECK(anonymous.post("/api/v1/messages", R"({"to":"+79123456789","text":"x"})").status == 401);
  CHECK(anonymous.get("/api/v1/health").status == 200);
  test::HttpClient wrong(t.port());
  wrong.setAuth("admin:not-the-password");
  CHECK(wrong.get("/api/v1/messages").status == 401);
  wrong.setAuth("Bearer not-a-key");
  CHECK(wrong.get("/api/v1/messages").status == 401);

  auto admin = t.adminClient();
  auto key = admin.post("/api/v1/api-keys", R"({"label":"crm"})");
  REQUIRE(key.status == 201);
  test::HttpClient byKey(t.port());
  byKey.setAuth("Bearer " + key.json()->getValue<std::string>("token"));
  CHECK(byKey.post("/api/v1/messages", R"({"to":"+79123456789","text":"via key"})").status == 202);
}

TEST_CASE("rights decide what a caller may send and see", "[api]") {
  TestHost t;
  {
    auto c = t.host().database().connect();
    db::UserRepository().create(*c, "operator", host::hashPassword("op-pass"),
                                {"send_single", "view_single"}, 1);
  }
  auto admin = t.adminClient();
  auto adminMessage =
      idOf(admin.post("/api/v1/messages", R"({"to":"+79123456789","text":"secret"})"));
  test::HttpClient op(t.port());
  op.setAuth("operator:op-pass");
  auto own = op.post("/api/v1/messages", R"({"to":"+79123456789","text":"mine"})");
  REQUIRE(own.status == 202);
  auto seen = op.get("/api/v1/messages/" + std::to_string(idOf(own))).json();
  CHECK(seen->getValue<std::string>("to") == "+7912*****89");
  CHECK_FALSE(seen->has("text"));
  CHECK(op.get("/api/v1/messages/" + std::to_string(adminMessage)).status == 404);  // not theirs
  CHECK(op.get("/api/v1/messages").json()->getArray("messages")->size() == 1);
  CHECK(op.post("/api/v1/messages", R"({"messages":[{"to":"+79123456789","text":"x"}]})").status ==
        403);
  // Masked numbers must not be guessable by filtering on them.
  CHECK(op.get("/api/v1/messages?to=%2B79123456789").status == 403);
  CHECK(admin.get("/api/v1/messages?to=%2B79123456789").json()->getArray("messages")->size() == 2);
}

TEST_CASE("lists page with a cursor that ends in null", "[api]") {
  TestHost t;
  auto client = t.adminClient();
  std::string batch = R"({"messages":[)";
  for (int i = 0; i < 5; ++i)
    batch +=
        std::string(i ? "," : "") + R"({"to":"+79123456789","text":"n)" + std::to_string(i) + "\"}";
  batch += "]}";
  REQUIRE(client.post("/api/v1/messages", batch).status == 202);
  std::vector<std::int64_t> seen;
  std::string cursor;
  int pages = 0;
  for (;;) {
    auto page =
        client.get("/api/v1/messages?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor)).json();
    ++pages;
    for (const auto& m : *page->getArray("messages"))
      seen.push_back(m.extract<Poco::JSON::Object::Ptr>()->getValue<std::int64_t>("id"));
    if (page->isNull("next_cursor")) break;
    cursor = page->getValue<std::string>("next_cursor");
  }
  CHECK(pages == 3);
  REQUIRE(seen.size() == 5);
  CHECK(std::is_sorted(seen.rbegin(), seen.rend()));
}

TEST_CASE("temporary failures are retried up to the limit, permanent ones fail at once", "[api]") {
  SECTION("temporary") {
    TestHost t("sqlite",
               {{"provider.sim.temporary_failure_ratio", "1"}, {"retry.max_attempts", "3"}});
    auto client = t.adminClient();
    auto id = idOf(client.post("/api/v1/messages", R"({"to":"+79123456789","text":"x"})"));
    REQUIRE(test::eventually([&] { return statusOf(client, id) == "failed"; }));
    auto m = client.get("/api/v1/messages/" + std::to_string(id)).json();
    CHECK(m->getValue<int>("attempts") == 3);
    CHECK(m->getObject("error")->getValue<std::string>("message").find(
              "gave up after 3 attempts") != std::string::npos);
    CHECK(m->getArray("events")->size() == 4);  // queued, queued (retry), queued (retry), failed
  }
  SECTION("permanent") {
    TestHost t("sqlite", {{"provider.sim.permanent_failure_ratio", "1"}});
    auto client = t.adminClient();
    auto id = idOf(client.post("/api/v1/messages", R"({"to":"+79123456789","text":"x"})"));
    REQUIRE(test::eventually([&] { return statusOf(client, id) == "failed"; }));
    auto m = client.get("/api/v1/messages/" + std::to_string(id)).json();
    CHECK(m->getValue<int>("attempts") == 1);
    CHECK(m->getObject("error")->getValue<std::string>("code") == "sim_permanent");
  }
}

TEST_CASE("a high-priority message overtakes a queue of bulk", "[api]") {
  // The simulator takes 500 messages a second, so 3000 bulk messages need about six seconds.
  TestHost t("sqlite", {{"provider.sim.max_tps", "500"}, {"retry.throttle_backoff_ms", "50"}});
  auto client = t.adminClient();
  std::string batch = R"({"messages":[)";
  for (int i = 0; i < 3000; ++i)
    batch += std::string(i ? "," : "") + R"({"to":"+79123456789","text":"bulk","priority":"bulk"})";
  batch += "]}";
  REQUIRE(client.post("/api/v1/messages", batch).status == 202);
  auto high = idOf(client.post("/api/v1/messages",
                               R"({"to":"+79123456789","text":"code 1","priority":"high"})"));
  REQUIRE(test::eventually([&] { return statusOf(client, high) == "delivered"; }));
  auto delivered = t.host().metrics().statusCount(db::MessageStatus::kDelivered);
  INFO("bulk delivered before the high message: " << delivered - 1);
  CHECK(delivered < 1500);
  // And bulk still moves.
  REQUIRE(test::eventually(
      [&] { return t.host().metrics().statusCount(db::MessageStatus::kDelivered) > delivered; }));
  // While the provider is paused the queue waits: messages are not bounced round and round.
  const auto queuedSteps = t.host().metrics().statusCount(db::MessageStatus::kQueued);
  INFO("queued steps (first queueing plus requeues): " << queuedSteps);
  CHECK(queuedSteps < 3001 + 3000);
}

TEST_CASE("health, plugins and providers describe the running host", "[api]") {
  TestHost t;
  auto client = t.adminClient();
  auto health = client.get("/api/v1/health").json();
  CHECK(health->getValue<std::string>("status") == "ok");
  auto plugins = client.get("/api/v1/plugins").json()->getArray("plugins");
  std::set<std::string> loaded;
  for (std::size_t i = 0; i < plugins->size(); ++i) {
    auto p = plugins->getObject(static_cast<unsigned>(i));
    if (p->getValue<std::string>("state") == "loaded")
      loaded.insert(p->getValue<std::string>("name"));
  }
  for (const char* name : {"pigeon.provider.simulator", "pigeon.provider.smpp",
                           "pigeon.provider.smsru", "pigeon.provider.http"})
    CHECK(loaded.count(name));
  auto providers = client.get("/api/v1/providers").json();
  CHECK(providers->getValue<std::string>("default") == "sim");
  auto p = providers->getArray("providers")->getObject(0);
  CHECK(p->getValue<std::string>("state") == "running");
  CHECK(p->getObject("balance")->getValue<double>("amount") == 1000);
}
