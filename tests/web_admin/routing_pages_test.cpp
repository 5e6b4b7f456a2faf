// The Routes and Inbound pages: the routing table with each instance's state, the explain
// form judging a message like the API, and inbound SMS masked without view_personal_data.

#include <catch2/catch.hpp>

#include "support/site_client.h"
#include "support/test_host.h"

using namespace pigeon;
using test::SiteClient;
using test::TestHost;

TEST_CASE("the Routes page shows the table, instance states and an explanation", "[web]") {
  TestHost h;
  auto api = h.adminClient();
  REQUIRE(api.request("PUT", "/api/v1/providers/dead",
                      R"({"plugin":"pigeon.provider.simulator","settings":{"down":"true"}})")
              .status == 201);
  REQUIRE(api.request("PUT", "/api/v1/routes",
                      R"({"routes":[{"name":"codes <b>","tag":"otp","instances":["dead","sim"]}]})")
              .status == 200);
  SiteClient site(h.port());
  REQUIRE(site.signIn("admin", test::kAdminPassword).status == 303);

  auto page = site.get("/routes");
  REQUIRE(page.status == 200);
  CHECK(page.contains("data-route=\"1\""));
  CHECK(page.contains("codes &lt;b&gt;"));  // names are escaped
  CHECK(page.contains(">dead: disconnected<"));
  CHECK(page.contains(">sim: up<"));

  auto explained = site.get("/routes?to=89031234567&text=1234&tag=otp");
  REQUIRE(explained.status == 200);
  CHECK(explained.contains("route 1 &apos;codes &lt;b&gt;&apos;: tag is otp"));
  CHECK(explained.contains("1 part(s), GSM7"));
  auto bad = site.get("/routes?to=hello");
  CHECK(bad.status == 200);
  CHECK(bad.contains("class=\"error\""));
}

TEST_CASE("the Inbound page lists inbound SMS, masked without view_personal_data", "[web]") {
  TestHost h;
  auto api = h.adminClient();
  {
    auto c = h.host().database().connect();
    c->execute(
        "INSERT INTO inbound_messages (instance, from_number, to_number, body, received_at)"
        " VALUES ('sim', '+79001234567', '7000', 'STOP please', 1764000000000)",
        {});
  }
  SiteClient admin(h.port());
  REQUIRE(admin.signIn("admin", test::kAdminPassword).status == 303);
  auto page = admin.get("/inbound");
  REQUIRE(page.status == 200);
  CHECK(page.contains("+79001234567"));
  CHECK(page.contains("STOP please"));

  REQUIRE(
      api.post("/api/v1/users", R"({"name":"op","password":"operator-password","role":"operator"})")
          .status == 201);
  SiteClient op(h.port());
  REQUIRE(op.signIn("op", "operator-password").status == 303);
  page = op.get("/inbound");
  REQUIRE(page.status == 200);
  CHECK_FALSE(page.contains("+79001234567"));
  CHECK(page.contains("+7900*****67"));
  CHECK_FALSE(page.contains("STOP please"));
  CHECK(op.get("/routes").status == 403);  // routes need manage_providers
}

TEST_CASE("routes are added, edited, moved and deleted from the Routes page", "[web]") {
  TestHost h;
  auto api = h.adminClient();
  REQUIRE(api.request("PUT", "/api/v1/providers/backup",
                      R"({"plugin":"pigeon.provider.simulator","settings":{}})")
              .status == 201);
  SiteClient site(h.port());
  REQUIRE(site.signIn("admin", test::kAdminPassword).status == 303);
  REQUIRE(site.get("/routes").contains("Add a route"));

  auto added = site.post("/routes", {{"name", "moscow"},
                                     {"prefix", "+7495"},
                                     {"sender", ""},
                                     {"tag", ""},
                                     {"provider", ""},
                                     {"instances", "backup , sim"}});
  REQUIRE(added.status == 303);
  REQUIRE(site.post("/routes", {{"name", "otp"}, {"tag", "otp"}, {"instances", "sim"}}).status ==
          303);
  auto table = api.get("/api/v1/routes");
  CHECK(
      table.body.find(
          R"({"name":"moscow","prefix":"+7495","sender":null,"tag":null,"provider":null,"instances":["backup","sim"]})") !=
      std::string::npos);

  // A bad field comes back on the form, named, and nothing changes.
  site.get("/routes");
  auto bad = site.post("/routes", {{"name", "bad"}, {"prefix", "7495x"}, {"instances", "sim"}});
  CHECK(bad.status == 422);
  CHECK(bad.contains("role=\"alert\""));
  CHECK(bad.contains("prefix"));
  CHECK(bad.contains("aria-invalid=\"true\""));
  CHECK(bad.contains("value=\"7495x\""));  // what was typed is kept
  site.get("/routes");
  auto unknown = site.post("/routes", {{"name", "x"}, {"instances", "sim, nosuch"}});
  CHECK(unknown.status == 422);
  CHECK(unknown.contains("nosuch"));
  CHECK(unknown.contains("id=\"route-instances\" name=\"instances\" value=\"sim, nosuch\""));
  CHECK(unknown.contains("aria-describedby=\"route-instances-help\" aria-invalid=\"true\""));
  CHECK(api.get("/api/v1/routes").body == table.body);

  // Edit route 1 through its form, then move route 2 up and delete the new route 2.
  auto edit = site.get("/routes?edit=1");
  REQUIRE(edit.status == 200);
  CHECK(edit.contains("Edit route 1"));
  CHECK(edit.contains("value=\"backup, sim\""));
  REQUIRE(
      site.post("/routes",
                {{"position", "1"}, {"name", "moscow"}, {"prefix", "+7499"}, {"instances", "sim"}})
          .status == 303);
  site.get("/routes");
  REQUIRE(site.post("/routes/2/up", {}).status == 303);
  auto routes = api.get("/api/v1/routes").body;
  CHECK(routes.find("\"otp\"") < routes.find("\"moscow\""));
  CHECK(routes.find("+7499") != std::string::npos);
  site.get("/routes");
  REQUIRE(site.post("/routes/2/delete", {}).status == 303);
  routes = api.get("/api/v1/routes").body;
  CHECK(routes.find("moscow") == std::string::npos);
  CHECK(routes.find("otp") != std::string::npos);
  site.get("/routes");
  CHECK(site.post("/routes/7/delete", {}).status == 404);
  CHECK(site.post("/routes/1/sideways", {}).status == 404);

  // Each change is audited like the API's.
  CHECK(api.get("/api/v1/audit").body.find("routes.replace") != std::string::npos);
}
