// Sender numbers and inboxes: a user sends from their own numbers (their default when they
// name none), and a reply lands in the inbox of the number's owner, or of whoever last wrote
// to that customer from the number.

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

#include "support/http_client.h"
#include "support/inbound_driver.h"
#include "support/test_host.h"

using namespace pigeon;
using test::errorOf;
using test::HttpClient;
using test::TestHost;

namespace {

// A user who sends and reads their own messages only (no view_bulk).
HttpClient agent(TestHost& h, const std::string& name) {
  return h.userWithRights(name, {"send_single", "view_single"});
}

std::string fromOf(HttpClient& client, const test::HttpResult& sent) {
  const auto id = std::to_string(sent.json()->getValue<std::int64_t>("id"));
  return client.get("/api/v1/messages/" + id).json()->getValue<std::string>("from");
}

std::size_t inboxSize(HttpClient& client) {
  return client.get("/api/v1/inbox").json()->getArray("messages")->size();
}

}  // namespace

TEST_CASE("users send from their numbers and read their own inbox", "[numbers][inbound]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend, {{test::kInboundSecretSetting, test::kInboundSecret}});
  auto admin = h.adminClient();
  auto olga = agent(h, "olga");
  auto ivan = agent(h, "ivan");

  auto shop = admin.post("/api/v1/numbers",
                         R"({"number":"+7 900 111-22-33","instance":"sim","owner":"olga",)"
                         R"("label":"Shop line","users":[{"user":"olga","default":true}]})");
  INFO(shop.body);
  REQUIRE(shop.status == 201);
  CHECK(shop.json()->getValue<std::string>("number") == "+79001112233");
  CHECK(shop.json()->getValue<std::string>("owner") == "olga");
  REQUIRE(admin
              .post("/api/v1/numbers",
                    R"({"number":"MyShop","users":[{"user":"ivan","default":true},)"
                    R"({"user":"olga"}]})")
              .status == 201);
  CHECK(admin.get("/api/v1/numbers").json()->getArray("numbers")->size() == 2);

  // Bad input names the field; nothing is stored.
  CHECK(errorOf(admin.post("/api/v1/numbers", R"({"number":"+7900"})")) ==
        "number: '+7900' is neither a phone number nor a sender id of 1 to 20 printable "
        "characters");
  CHECK(errorOf(admin.post("/api/v1/numbers", R"({"number":"Other","owner":"nobody"})")) ==
        "owner: no user named 'nobody'");
  CHECK(errorOf(admin.post("/api/v1/numbers", R"({"number":"Other","instance":"nope"})")) ==
        "instance: no provider instance named 'nope'");
  CHECK(admin.post("/api/v1/numbers", R"({"number":"+79001112233"})").status == 409);
  CHECK(olga.post("/api/v1/numbers", R"({"number":"Mine"})").status == 403);
  CHECK(admin.get("/api/v1/numbers").json()->getArray("numbers")->size() == 2);

  // Sending: the default, another of one's own, and someone else's.
  auto byDefault = olga.post("/api/v1/messages", R"({"to":"+79123456789","text":"Hi"})");
  REQUIRE(byDefault.status == 202);
  CHECK(fromOf(olga, byDefault) == "+79001112233");
  auto chosen =
      olga.post("/api/v1/messages", R"({"to":"+79123456789","text":"Hi","from":"MyShop"})");
  CHECK(fromOf(olga, chosen) == "MyShop");
  auto foreign =
      ivan.post("/api/v1/messages", R"({"to":"+79123456789","text":"Hi","from":"+79001112233"})");
  CHECK(foreign.status == 403);
  CHECK(errorOf(foreign) == "from: you may send from MyShop only");
  auto ivanSent = ivan.post("/api/v1/messages", R"({"to":"+79123450000","text":"Offer"})");
  CHECK(fromOf(ivan, ivanSent) == "MyShop");

  // Replies: to an owned number, the owner's; to MyShop (no owner), the last writer's.
  test::InboundDriver customers(h.port(), admin);
  customers.send("+79123456789", "Thanks!", "79001112233");  // the provider drops the '+'
  CHECK(customers.handled(1)->getValue<std::int64_t>("user_id") > 0);
  customers.send("+79123450000", "Interested", "MyShop");
  customers.handled(2);
  CHECK(inboxSize(olga) == 1);
  CHECK(inboxSize(ivan) == 1);
  CHECK(ivan.get("/api/v1/inbox")
            .json()
            ->getArray("messages")
            ->getObject(0)
            ->getValue<std::string>("to") == "MyShop");
  CHECK(inboxSize(admin) == 2);  // view_bulk: every inbound message
  customers.send("+79000000000", "Who is this?", "+79005550000");  // nobody's number
  customers.handled(3);
  CHECK(inboxSize(olga) == 1);
  CHECK(inboxSize(admin) == 3);

  CHECK(admin
            .request("DELETE",
                     "/api/v1/numbers/" + std::to_string(shop.json()->getValue<std::int64_t>("id")))
            .status == 204);
  auto after = olga.post("/api/v1/messages", R"({"to":"+79123456789","text":"Hi"})");
  CHECK(fromOf(olga, after) == "MyShop");  // her one number left, though not her default
}

TEST_CASE("sender numbers: who may use one, how it is written, where it routes, who sees it",
          "[numbers]") {
  TestHost h;
  auto admin = h.adminClient();
  auto olga = agent(h, "olga");
  auto ivan = agent(h, "ivan");
  auto petr = agent(h, "petr");  // no numbers of his own
  REQUIRE(admin
              .request("PUT", "/api/v1/providers/sim2",
                       R"({"plugin":"pigeon.provider.simulator","settings":{"delay_ms":1}})")
              .status == 201);

  auto line =
      admin.post("/api/v1/numbers", R"({"number":"+79001112233","instance":"sim2","owner":"olga",)"
                                    R"("users":[{"user":"olga","default":true},{"user":"ivan"}]})");
  INFO(line.body);
  REQUIRE(line.status == 201);
  const auto lineId = std::to_string(line.json()->getValue<std::int64_t>("id"));

  // Bad users lists are refused by name, not by a store error.
  CHECK(errorOf(admin.post("/api/v1/numbers",
                           R"({"number":"Twice","users":[{"user":"olga"},{"user":"olga"}]})")) ==
        "users[1].user: user 'olga' is listed twice");
  CHECK(errorOf(admin.post("/api/v1/numbers",
                           R"({"number":"Typed","users":[{"user":"olga","default":"yes"}]})")) ==
        "users[0].default: field 'users[0].default' must be true or false");

  // A number written as a person writes it is the registered number, stored as E.164, and
  // goes through the number's own instance.
  auto formatted = ivan.post("/api/v1/messages",
                             R"({"to":"+79123456789","text":"Hi","from":"8 900 111 22 33"})");
  INFO(formatted.body);
  REQUIRE(formatted.status == 202);
  CHECK(fromOf(ivan, formatted) == "+79001112233");
  const auto formattedId = std::to_string(formatted.json()->getValue<std::int64_t>("id"));
  REQUIRE(test::eventually([&] {
    return admin.get("/api/v1/messages/" + formattedId).json()->getValue<std::string>("status") !=
           "queued";
  }));
  CHECK(admin.get("/api/v1/messages/" + formattedId).json()->getValue<std::string>("provider") ==
        "sim2");

  // A user with no numbers may not borrow another user's; a free sender id stays free.
  auto borrowed =
      petr.post("/api/v1/messages", R"({"to":"+79123456789","text":"Hi","from":"+79001112233"})");
  CHECK(borrowed.status == 403);
  CHECK(errorOf(borrowed) == "from: +79001112233 is a sender number of other users");
  auto free = petr.post("/api/v1/messages", R"({"to":"+79123456789","text":"Hi","from":"Petr"})");
  CHECK(fromOf(petr, free) == "Petr");
  CHECK(admin.post("/api/v1/messages", R"({"to":"+79123456789","text":"Hi","from":"+79001112233"})")
            .status == 202);  // manage_providers may use any

  // Each sees the numbers they may use; the admin sees all.
  CHECK(olga.get("/api/v1/numbers").json()->getArray("numbers")->size() == 1);
  CHECK(petr.get("/api/v1/numbers").json()->getArray("numbers")->size() == 0);

  // PUT replaces the users: ivan's default now, olga's gone, so she sends as before.
  auto changed =
      admin.request("PUT", "/api/v1/numbers/" + lineId,
                    R"({"number":"+79001112233","users":[{"user":"ivan","default":true}]})");
  INFO(changed.body);
  REQUIRE(changed.status == 200);
  CHECK(changed.json()->isNull("owner"));
  CHECK(changed.json()->isNull("instance"));
  CHECK(olga.get("/api/v1/numbers").json()->getArray("numbers")->size() == 0);
  CHECK(fromOf(ivan, ivan.post("/api/v1/messages", R"({"to":"+79123456789","text":"Hi"})")) ==
        "+79001112233");
  CHECK(olga.post("/api/v1/messages", R"({"to":"+79123456789","text":"Hi","from":"+79001112233"})")
            .status == 403);
  auto plain = olga.post("/api/v1/messages", R"({"to":"+79123456789","text":"Hi"})");
  REQUIRE(plain.status == 202);
  CHECK(olga.get("/api/v1/messages/" + std::to_string(plain.json()->getValue<std::int64_t>("id")))
            .json()
            ->isNull("from"));
  CHECK(admin.request("PUT", "/api/v1/numbers/999", R"({"number":"Gone"})").status == 404);
}
