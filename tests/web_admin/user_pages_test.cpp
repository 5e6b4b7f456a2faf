// Users, rights and API keys through the admin site, and the audit log they leave.

#include <catch2/catch.hpp>

#include "support/http_client.h"
#include "support/site_client.h"
#include "support/test_host.h"

using namespace pigeon;
using test::SiteClient;
using test::TestHost;

namespace {

SiteClient admin(TestHost& h) {
  SiteClient site(h.port());
  REQUIRE(site.signIn("admin", test::kAdminPassword).status == 303);
  return site;
}

std::string userIdOf(TestHost& h, const std::string& name) {
  auto c = h.host().database().connect();
  auto rows = c->query("SELECT id FROM users WHERE name = ?", {name});
  REQUIRE(rows.size() == 1);
  return std::to_string(db::asInt(rows.rows[0][0]));
}

}  // namespace

TEST_CASE("an admin creates users with a role or with rights ticked one by one", "[web]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend);
  auto site = admin(h);
  site.get("/users/new");
  REQUIRE(site.post("/users", {{"name", "clerk"},
                               {"password", "clerk-password"},
                               {"role", "custom"},
                               {"rights", "view_single"},
                               {"rights", "send_single"}})
              .status == 303);
  auto list = site.get("/users");
  CHECK(list.contains("tr data-user=\"clerk\""));
  // Stored in the canonical order whatever order the form sent.
  CHECK(list.contains("send_single, view_single"));

  SiteClient clerk(h.port());
  REQUIRE(clerk.signIn("clerk", "clerk-password").status == 303);
  CHECK(clerk.get("/messages/new").status == 200);
  CHECK(clerk.get("/users").status == 403);

  // A role change takes effect at once: the user's sessions end.
  const auto id = userIdOf(h, "clerk");
  site.get("/users/" + id);
  REQUIRE(site.post("/users/" + id, {{"role", "viewer"}}).status == 303);
  CHECK(clerk.get("/messages/new").status == 303);
  REQUIRE(clerk.signIn("clerk", "clerk-password").status == 303);
  CHECK(clerk.get("/messages/new").status == 403);

  auto audit = site.get("/audit");
  CHECK(audit.contains("user.create"));
  CHECK(audit.contains("user.update"));
  CHECK(audit.contains("&quot;role&quot;:&quot;viewer&quot;"));  // the after value, escaped
}

TEST_CASE("bad user input names the field, stores nothing and runs no script", "[web]") {
  TestHost h;
  auto site = admin(h);
  struct Case {
    const char* what;
    std::multimap<std::string, std::string> fields;
    int status;
    std::string mentions;
  };
  const Case cases[] = {
      {"HTML name",
       {{"name", "<script>alert(1)</script>"}, {"password", "long-password"}},
       422,
       "User name must be"},
      {"SQL name",
       {{"name", "x' OR '1'='1"}, {"password", "long-password"}},
       422,
       "User name must be"},
      {"short password",
       {{"name", "bob"}, {"password", "short"}},
       422,
       "Password must be 10 to 256 characters"},
      {"oversized name",
       {{"name", std::string(300, 'a')}, {"password", "long-password"}},
       422,
       "User name is longer than 200 characters"},
      {"unknown role",
       {{"name", "bob"}, {"password", "long-password"}, {"role", "root"}},
       422,
       "Role &apos;root&apos; does not exist"},
      {"unknown right",
       {{"name", "bob"}, {"password", "long-password"}, {"rights", "launch_missiles"}},
       422,
       "Right &apos;launch_missiles&apos; does not exist"},
      {"taken name", {{"name", "admin"}, {"password", "long-password"}}, 409, "already taken"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    auto fields = c.fields;
    if (!fields.count("role")) fields.emplace("role", "custom");
    site.get("/users/new");
    auto page = site.post("/users", fields);
    CHECK(page.status == c.status);
    CHECK(page.contains(c.mentions));
    CHECK_FALSE(page.contains("<script>alert(1)</script>"));
  }
  auto c = h.host().database().connect();
  CHECK(db::asInt(c->query("SELECT COUNT(*) FROM users", {}).rows[0][0]) == 1);
}

TEST_CASE("nobody changes their own rights", "[web]") {
  TestHost h;
  auto site = admin(h);
  const auto self = userIdOf(h, "admin");
  site.get("/users/" + self);
  auto page = site.post("/users/" + self, {{"role", "viewer"}});
  CHECK(page.status == 403);
  CHECK(page.contains("You cannot change your own role, rights or status"));
  CHECK(site.get("/users").status == 200);  // still an admin
}

TEST_CASE("an API key is shown once, stored hashed, works, and stops working when revoked",
          "[web]") {
  TestHost h;
  auto site = admin(h);
  const auto id = userIdOf(h, "admin");
  site.get("/users/" + id);
  auto created = site.post("/users/" + id + "/api-keys", {{"label", "<i>CRM</i>"}});
  REQUIRE(created.status == 201);
  const auto start = created.body.find("<code id=\"new-token\">");
  REQUIRE(start != std::string::npos);
  const auto token =
      created.body.substr(start + 21, created.body.find("</code>", start) - start - 21);
  REQUIRE(token.size() > 30);
  CHECK(created.contains("&lt;i&gt;CRM&lt;/i&gt;"));

  auto again = site.get("/users/" + id);
  CHECK_FALSE(again.contains(token));  // shown once
  auto c = h.host().database().connect();
  CHECK(c->query("SELECT id FROM api_keys WHERE token_hash = ?", {token}).empty());

  test::HttpClient api(h.port());
  api.setAuth("Bearer " + token);
  CHECK(api.get("/api/v1/providers").status == 200);

  const auto keyId = db::asString(c->query("SELECT id FROM api_keys", {}).rows[0][0]);
  REQUIRE(site.post("/users/" + id + "/api-keys/" + keyId + "/revoke", {}).status == 303);
  test::HttpClient after(h.port());
  after.setAuth("Bearer " + token);
  CHECK(after.get("/api/v1/providers").status == 401);
  CHECK(site.get("/audit").contains("api_key.revoke"));
}

TEST_CASE("settings apply at once and a bad value names the field and stores nothing", "[web]") {
  TestHost h;
  auto site = admin(h);
  auto page = site.get("/settings");
  REQUIRE(page.status == 200);
  CHECK(page.contains("<label for=\"f-phone-default_region\">Default region</label>"));
  const std::multimap<std::string, std::string> good{
      {"phone.default_region", "GB"},    {"retry.max_attempts", "3"}, {"retry.backoff_ms", "500"},
      {"retry.max_backoff_ms", "60000"}, {"quiet.start", "22:00"},    {"quiet.end", "08:30"}};
  struct Case {
    const char* field;
    const char* value;
    std::string mentions;
  };
  const Case bad[] = {
      {"phone.default_region", "XX", "unknown phone region &apos;XX&apos;"},
      {"retry.max_attempts", "lots", "retry.max_attempts: must be an integer"},
      {"retry.max_attempts", "0", "retry.max_attempts"},
      {"quiet.start", "25:00", "quiet.start: must be a time as HH:MM"},
      {"retry.max_backoff_ms", "100", "must not be shorter than retry.backoff_ms"},
  };
  for (const auto& b : bad) {
    INFO(b.field << " = " << b.value);
    auto fields = good;
    fields.erase(b.field);
    fields.emplace(b.field, b.value);
    auto refused = site.post("/settings", fields);
    CHECK(refused.status == 422);
    CHECK(refused.contains(b.mentions));
  }
  CHECK(h.host().settingsAdmin().current().at("phone.default_region") == "RU");

  REQUIRE(site.post("/settings", good).status == 303);
  CHECK(h.host().settingsAdmin().current().at("phone.default_region") == "GB");
  // A national number is now read as British.
  auto api = h.adminClient();
  auto sent = api.post("/api/v1/messages", R"({"to":"07400 123456","text":"hi"})");
  REQUIRE(sent.status == 202);
  CHECK(sent.json()->getValue<std::string>("to") == "+447400123456");
  CHECK(site.get("/audit").contains("settings.update"));
}
