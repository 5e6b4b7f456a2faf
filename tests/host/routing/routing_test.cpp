// Routing through a whole host: the table set over the API decides which instance sends, the
// next instance takes over when one is down or answers no_route, a route with nobody up waits
// without failing, and explain tells all of it without sending.

#include <catch2/catch.hpp>

#include "support/test_host.h"

using namespace pigeon;
using test::TestHost;

namespace {

Poco::JSON::Object::Ptr message(test::HttpClient& client, std::int64_t id) {
  return client.get("/api/v1/messages/" + std::to_string(id)).json();
}

std::int64_t send(test::HttpClient& client, const std::string& body) {
  auto r = client.post("/api/v1/messages", body);
  REQUIRE(r.status == 202);
  return r.json()->getValue<std::int64_t>("id");
}

bool reaches(test::HttpClient& client, std::int64_t id, const std::string& status) {
  return test::eventually(
      [&] { return message(client, id)->getValue<std::string>("status") == status; });
}

void addInstance(test::HttpClient& client, const std::string& name, const std::string& settings) {
  REQUIRE(client
              .request("PUT", "/api/v1/providers/" + name,
                       R"({"plugin":"pigeon.provider.simulator","settings":{)" + settings + "}}")
              .status == 201);
}

// "sim" (the default) plus: "nort" has no route to +7916, "dead" is down, "cheap" costs 0.25.
void addInstances(test::HttpClient& c) {
  addInstance(c, "nort", R"("no_route_prefixes":"+7916")");
  addInstance(c, "dead", R"("down":"true")");
  addInstance(c, "cheap", R"("price_per_part":"0.25")");
}

const char* kRoutes = R"({"routes":[
  {"name":"one-time codes","tag":"otp","instances":["dead","cheap"]},
  {"name":"russia","prefix":"+7","instances":["nort","cheap"]},
  {"name":"nobody up","prefix":"+49","instances":["dead"]},
  {"name":"alias","provider":"budget","instances":["cheap"]}
]})";

}  // namespace

TEST_CASE("routing: messages follow the table and fail over", "[routing]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost t(backend);
  auto admin = t.adminClient();
  addInstances(admin);
  auto put = admin.request("PUT", "/api/v1/routes", kRoutes);
  REQUIRE(put.status == 200);
  CHECK(put.json()->getArray("routes")->size() == 4);

  SECTION("a prefix route sends through its first instance") {
    const auto id = send(admin, R"({"to":"+79031234567","text":"hello"})");
    REQUIRE(reaches(admin, id, "delivered"));
    CHECK(message(admin, id)->getValue<std::string>("provider") == "nort");
  }
  SECTION("no_route from the first instance moves the message to the next") {
    const auto id = send(admin, R"({"to":"+79161234567","text":"hello"})");
    REQUIRE(reaches(admin, id, "delivered"));
    auto m = message(admin, id);
    CHECK(m->getValue<std::string>("provider") == "cheap");
    CHECK(m->getValue<int>("attempts") == 2);
    auto events = m->getArray("events");
    bool failover = false;
    for (std::size_t i = 0; i < events->size(); ++i) {
      auto e = events->getObject(static_cast<unsigned>(i));
      if (e->optValue<std::string>("error_code", "") == "sim_no_route") {
        failover = true;
        CHECK(e->getValue<std::string>("provider") == "nort");
        CHECK_THAT(e->getValue<std::string>("detail"), Catch::Contains("next instance"));
      }
    }
    CHECK(failover);
  }
  SECTION("a route whose every instance answers no_route fails for good, saying so") {
    REQUIRE(admin
                .request("PUT", "/api/v1/routes",
                         R"({"routes":[{"name":"moscow","prefix":"+7916","instances":["nort"]}]})")
                .status == 200);
    const auto id = send(admin, R"({"to":"+79161234567","text":"hello"})");
    REQUIRE(reaches(admin, id, "failed"));
    auto error = message(admin, id)->getObject("error");
    CHECK(error->getValue<std::string>("code") == "no_route");
    CHECK_THAT(error->getValue<std::string>("message"),
               Catch::Contains("no instance of the route"));
  }
  SECTION("an instance that is down is passed over") {
    const auto id = send(admin, R"({"to":"+79031234567","text":"code 1234","tag":"otp"})");
    REQUIRE(reaches(admin, id, "delivered"));
    auto m = message(admin, id);
    CHECK(m->getValue<std::string>("provider") == "cheap");
    CHECK(m->getValue<std::string>("tag") == "otp");
    CHECK(m->getValue<int>("attempts") == 1);  // passing over costs no attempt
  }
  SECTION("with nobody up the message waits, then goes when an instance comes back") {
    const auto id = send(admin, R"({"to":"+4915112345678","text":"hello"})");
    REQUIRE(test::eventually([&] {
      auto m = message(admin, id);
      return !m->isNull("error") &&
             m->getObject("error")->getValue<std::string>("code") == "route_down";
    }));
    auto m = message(admin, id);
    CHECK(m->getValue<std::string>("status") == "queued");
    CHECK(m->getValue<int>("attempts") == 0);
    CHECK_THAT(m->getObject("error")->getValue<std::string>("message"),
               Catch::Contains("'dead' (disconnected)"));
    REQUIRE(
        admin.request("PUT", "/api/v1/providers/dead", R"({"settings":{"down":"false"}})").status ==
        200);
    REQUIRE(test::eventually(
        [&] { return message(admin, id)->getValue<std::string>("status") == "delivered"; }, 15000));
    CHECK(message(admin, id)->getValue<std::string>("provider") == "dead");
  }
  SECTION("a caller may ask for a name the table routes") {
    const auto id = send(admin, R"({"to":"+33612345678","text":"hi","provider":"budget"})");
    REQUIRE(reaches(admin, id, "delivered"));
    CHECK(message(admin, id)->getValue<std::string>("provider") == "cheap");
    auto unknown =
        admin.post("/api/v1/messages", R"({"to":"+33612345678","text":"hi","provider":"luxury"})");
    CHECK(unknown.status == 422);
  }
  SECTION("unmatched messages go to the default instance") {
    const auto id = send(admin, R"({"to":"+33612345678","text":"hi"})");
    REQUIRE(reaches(admin, id, "delivered"));
    CHECK(message(admin, id)->getValue<std::string>("provider") == "sim");
  }
}

TEST_CASE("routing: explain answers the route, the instances, the parts and the cost",
          "[routing]") {
  TestHost t;
  auto admin = t.adminClient();
  addInstances(admin);
  REQUIRE(admin.request("PUT", "/api/v1/routes", kRoutes).status == 200);

  auto r = admin.post("/api/v1/routes/explain",
                      R"({"to":"8 903 123-45-67","text":"Код: 1234","tag":"otp"})");
  REQUIRE(r.status == 200);
  auto e = r.json();
  CHECK(e->getObject("route")->getValue<int>("position") == 1);
  CHECK(e->getObject("route")->getValue<std::string>("name") == "one-time codes");
  CHECK(e->getValue<std::string>("why") == "route 1 'one-time codes': tag is otp");
  auto instances = e->getArray("instances");
  REQUIRE(instances->size() == 2);
  CHECK(instances->getObject(0)->getValue<std::string>("name") == "dead");
  CHECK_FALSE(instances->getObject(0)->getValue<bool>("usable"));
  CHECK(instances->getObject(0)->getValue<std::string>("reason") == "disconnected");
  CHECK(instances->getObject(1)->getValue<bool>("usable"));
  CHECK(e->getValue<std::string>("would_use") == "cheap");
  CHECK(e->getValue<std::string>("to") == "+79031234567");
  CHECK(e->getValue<std::string>("encoding") == "UCS2");
  CHECK(e->getValue<int>("parts") == 1);
  CHECK(e->getObject("cost")->getValue<double>("total") == Approx(0.25));

  // 200 GSM-7 characters: two parts, twice the price.
  e = admin
          .post("/api/v1/routes/explain", R"({"to":"+33612345678","text":")" +
                                              std::string(200, 'a') + R"(","provider":"budget"})")
          .json();
  CHECK(e->getValue<std::string>("why") == "route 4 'alias': caller asked for budget");
  CHECK(e->getValue<int>("parts") == 2);
  CHECK(e->getObject("cost")->getValue<double>("total") == Approx(0.5));

  // Unmatched: the default, no tariff, so no cost.
  e = admin.post("/api/v1/routes/explain", R"({"to":"+33612345678","text":"hi"})").json();
  CHECK(e->isNull("route"));
  CHECK(e->getValue<std::string>("would_use") == "sim");
  CHECK(e->isNull("cost"));

  // Judged like a message: a bad number names the field; nothing is queued.
  auto bad = admin.post("/api/v1/routes/explain", R"({"to":"hello","text":"hi"})");
  CHECK(bad.status == 422);
  CHECK(bad.json()->getObject("error")->getValue<std::string>("field") == "to");
  CHECK(admin.get("/api/v1/messages").json()->getArray("messages")->size() == 0);
}

TEST_CASE("routing: a bad table is refused naming the field, and a good one is stored and audited",
          "[routing]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost t(backend);
  auto admin = t.adminClient();
  addInstances(admin);
  REQUIRE(admin.request("PUT", "/api/v1/routes", kRoutes).status == 200);

  struct Case {
    const char* body;
    const char* field;
  };
  const Case cases[] = {
      {R"({"routes":[{"name":"x","instances":["sim","ghost"]}]})", "routes[0].instances[1]"},
      {R"({"routes":[{"name":"x","instances":[]}]})", "routes[0].instances"},
      {R"({"routes":[{"name":"x","instances":["sim","sim"]}]})", "routes[0].instances[1]"},
      {R"({"routes":[{"name":"ok","instances":["sim"]},{"name":"x","prefix":"+7a","instances":["sim"]}]})",
       "routes[1].prefix"},
      {R"({"routes":[{"name":"","instances":["sim"]}]})", "routes[0].name"},
      {R"({"routes":[{"instances":["sim"]}]})", "name"},
      {R"({"routes":[{"name":"x","instances":"sim"}]})", "routes[0].instances"},
      {R"({"routes":[{"name":"x","instances":[1]}]})", "routes[0].instances[0]"},
      {R"({"routes":[{"name":"x","instances":["sim"],"weight":3}]})", "routes[0].weight"},
      {R"({"routes":"all to sim"})", "routes"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.body);
    auto r = admin.request("PUT", "/api/v1/routes", c.body);
    CHECK(r.status == 422);
    CHECK_THAT(r.json()->getObject("error")->getValue<std::string>("field"),
               Catch::EndsWith(c.field));
  }
  // Nothing changed by the refusals.
  CHECK(admin.get("/api/v1/routes").json()->getArray("routes")->size() == 4);

  // A prefix without '+' is read as one; the table survives a reload from the store.
  REQUIRE(admin
              .request("PUT", "/api/v1/routes",
                       R"({"routes":[{"name":"us","prefix":"1555","instances":["cheap","sim"]}]})")
              .status == 200);
  t.host().routes().load();
  auto routes = admin.get("/api/v1/routes").json()->getArray("routes");
  REQUIRE(routes->size() == 1);
  CHECK(routes->getObject(0)->getValue<std::string>("prefix") == "+1555");
  CHECK(routes->getObject(0)->getArray("instances")->size() == 2);

  auto audit = admin.get("/api/v1/audit").json()->getArray("entries");
  int replaced = 0;
  for (std::size_t i = 0; i < audit->size(); ++i)
    if (audit->getObject(static_cast<unsigned>(i))->getValue<std::string>("action") ==
        "routes.replace")
      ++replaced;
  CHECK(replaced == 2);

  // Only those who manage providers change routes; anyone signed in may ask for an explanation.
  auto key = admin.post("/api/v1/users",
                        R"({"name":"clerk","password":"clerk-password-1","role":"operator"})");
  REQUIRE(key.status == 201);
  test::HttpClient clerk(t.port());
  clerk.setAuth("clerk:clerk-password-1");
  CHECK(clerk.request("PUT", "/api/v1/routes", kRoutes).status == 403);
  CHECK(clerk.post("/api/v1/routes/explain", R"({"to":"+33612345678","text":"hi"})").status == 200);
}
