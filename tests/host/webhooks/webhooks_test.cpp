// Webhooks: the CRM registers a URL for events and gets them POSTed, signed, in batches;
// a POST that fails is tried again later, and given up after max_attempts.

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

#include "support/http_client.h"
#include "support/inbound_driver.h"
#include "support/test_host.h"
#include "support/webhook_fixtures.h"
#include "support/webhook_receiver.h"
#include "webhooks/webhook_signature.h"

using namespace pigeon;
using test::errorOf;
using test::HttpClient;
using test::TestHost;
using test::WebhookReceiver;
using test::webhooks::deliveries;
using test::webhooks::hookBody;
using test::webhooks::kFastWebhooks;
using test::webhooks::kSecret;

TEST_CASE("the signature is HMAC-SHA256 of the time and the body", "[webhooks]") {
  // Computed apart, with Python's hmac module.
  CHECK(host::webhookSignature(kSecret, 1700000000, R"({"webhook_id":1,"events":[]})") ==
        "t=1700000000,v1=f42e5dfa6c17b813b0b887f982f8104cef0a4181fe96a5a72cb7318585f958a7");
}

TEST_CASE("webhooks get delivery reports, inbound SMS, opt-outs and new cases, signed",
          "[webhooks]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend, kFastWebhooks);
  auto admin = h.adminClient();
  WebhookReceiver crm;

  // Bad input names the field; nothing is stored.
  CHECK(errorOf(admin.post("/api/v1/webhooks", hookBody("ftp://crm/x", R"(["inbound"])"))) ==
        "url: 'ftp://crm/x' is not an http:// or https:// URL");
  CHECK(
      errorOf(admin.post("/api/v1/webhooks", hookBody(crm.url(), R"(["inbound","dlr"])")))
          .starts_with("events[1]: unknown event 'dlr'; one of delivery_report, inbound, opt_out"));
  CHECK(errorOf(admin.post("/api/v1/webhooks", hookBody(crm.url(), "[]"))).starts_with("events: "));
  CHECK(errorOf(admin.post("/api/v1/webhooks", R"({"url":")" + crm.url() +
                                                   R"(","events":["inbound"],"secret":"x"})")) ==
        "secret: secret must be 16 to 128 printable characters without spaces");
  CHECK(admin.get("/api/v1/webhooks").json()->getArray("webhooks")->size() == 0);

  auto created =
      admin.post("/api/v1/webhooks",
                 hookBody(crm.url(), R"(["delivery_report","inbound","opt_out","case.created"])"));
  REQUIRE(created.status == 201);
  CHECK(created.json()->getValue<std::string>("secret") == kSecret);
  const auto hook = created.json()->getValue<std::int64_t>("id");
  auto listed = admin.get("/api/v1/webhooks").json()->getArray("webhooks");
  REQUIRE(listed->size() == 1);
  CHECK_FALSE(listed->getObject(0)->has("secret"));  // shown once only

  auto sent = admin.post("/api/v1/messages",
                         R"({"to":"+79123456789","text":"Hello","reference":"crm-42"})");
  REQUIRE(sent.status == 202);
  const auto messageId = sent.json()->getValue<std::int64_t>("id");
  test::InboundDriver customers(h.port(), admin);
  customers.send("+79123450000", "STOP");
  customers.handled(1);
  REQUIRE(admin.post("/api/v1/entities/case", R"({"subject":"Forms are not saved"})").status ==
          201);

  const auto received = [&crm] {
    std::string out;
    for (const auto& post : crm.posts()) out += post.event + " " + post.body + "\n";
    return out;
  };
  const bool allCame = test::eventually(
      [&] {
        bool delivered = false;
        for (const auto& e : crm.events("delivery_report"))
          delivered |= e->getObject("data")->getValue<std::string>("status") == "delivered";
        return delivered && !crm.events("inbound").empty() && !crm.events("opt_out").empty() &&
               !crm.events("case.created").empty();
      },
      15000);
  INFO(received());
  REQUIRE(allCame);

  // Ours, and the reply that confirmed the opt-out.
  int ours = 0;
  for (const auto& e : crm.events("delivery_report")) {
    auto d = e->getObject("data");
    if (d->getValue<std::int64_t>("message_id") != messageId) {
      CHECK(d->getValue<std::string>("tag") == "keyword");
      continue;
    }
    ++ours;
    CHECK(e->getValue<std::string>("id").starts_with(
        "delivery_report:" + std::to_string(messageId) + ":"));
    CHECK(d->getValue<std::string>("status") == "delivered");
    CHECK(d->getValue<std::string>("reference") == "crm-42");
    CHECK(d->getValue<std::string>("to") == "+79123456789");
  }
  CHECK(ours == 1);
  auto inbound = crm.events("inbound").front()->getObject("data");
  CHECK(inbound->getValue<std::string>("from") == "+79123450000");
  CHECK(inbound->getValue<std::string>("text") == "STOP");
  CHECK(inbound->getValue<std::string>("outcome").find("opted out") != std::string::npos);
  auto optOut = crm.events("opt_out").front()->getObject("data");
  CHECK(optOut->getValue<std::string>("phone") == "+79123450000");
  CHECK(optOut->getValue<std::string>("action") == "opt_out");
  CHECK(crm.events("case.created").front()->getObject("data")->getValue<std::string>("subject") ==
        "Forms are not saved");

  // Every POST is signed with the secret over its own time and body.
  for (const auto& post : crm.posts()) {
    INFO(post.signature);
    const auto comma = post.signature.find(',');
    REQUIRE(post.signature.starts_with("t="));
    REQUIRE(comma != std::string::npos);
    const auto stamp = std::stoll(post.signature.substr(2, comma - 2));
    CHECK(post.signature == host::webhookSignature(kSecret, stamp, post.body));
    CHECK(post.json()->getValue<std::int64_t>("webhook_id") == hook);
    CHECK_FALSE(post.delivery.empty());
  }
  CHECK(deliveries(admin, hook)->getObject(0)->getValue<std::string>("state") == "delivered");
}

TEST_CASE("a webhook POST that fails is tried again, then given up, and can be sent again",
          "[webhooks]") {
  TestHost h("sqlite", kFastWebhooks);
  auto admin = h.adminClient();
  WebhookReceiver crm;
  auto created = admin.post("/api/v1/webhooks", hookBody(crm.url(), R"(["opt_out"])"));
  REQUIRE(created.status == 201);
  const auto hook = created.json()->getValue<std::int64_t>("id");
  const auto path = "/api/v1/webhooks/" + std::to_string(hook);

  // Two failures, then 200: delivered on the third try.
  crm.answerNext({500, 503});
  REQUIRE(admin.post(path + "/ping", "").status == 202);
  REQUIRE(test::eventually([&] {
    return deliveries(admin, hook)->getObject(0)->getValue<std::string>("state") == "delivered";
  }));
  auto first = deliveries(admin, hook)->getObject(0);
  CHECK(first->getValue<int>("attempts") == 3);
  CHECK(first->getValue<int>("last_status") == 200);
  CHECK(crm.posts().size() == 3);
  CHECK(crm.posts().front().delivery == crm.posts().back().delivery);  // the same delivery

  // Three failures: given up (failed), then sent again on request.
  crm.answerNext({500, 500, 500});
  REQUIRE(admin.post(path + "/ping", "").status == 202);
  REQUIRE(test::eventually([&] {
    return deliveries(admin, hook)->getObject(0)->getValue<std::string>("state") == "failed";
  }));
  auto failed = deliveries(admin, hook)->getObject(0);
  CHECK(failed->getValue<std::string>("last_error") == "answered 500: try later");
  const auto failedId = std::to_string(failed->getValue<std::int64_t>("id"));
  CHECK(admin
            .post(path + "/deliveries/" + std::to_string(first->getValue<std::int64_t>("id")) +
                      "/retry",
                  "")
            .status == 409);  // delivered: nothing to send again
  REQUIRE(admin.post(path + "/deliveries/" + failedId + "/retry", "").status == 202);
  REQUIRE(test::eventually([&] {
    return deliveries(admin, hook)->getObject(0)->getValue<std::string>("state") == "delivered";
  }));
  CHECK(crm.posts().size() == 3 + 3 + 1);

  // A turned-off webhook gets nothing; deleting it removes its deliveries.
  REQUIRE(admin
              .request("PUT", path,
                       R"({"url":")" + crm.url() + R"(","events":["opt_out"],"enabled":false})")
              .status == 200);
  REQUIRE(admin.post(path + "/ping", "").status == 202);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(crm.posts().size() == 7);
  CHECK(admin.request("DELETE", path).status == 204);
  CHECK(admin.get(path).status == 404);
  CHECK(admin.get(path + "/deliveries").status == 404);
}
