// The management API: users, API keys, provider instances, settings and the audit log, with
// the same checks, rights and audit as the admin pages.

#include <catch2/catch.hpp>

#include "support/http_client.h"
#include "support/test_host.h"

using namespace pigeon;
using test::HttpClient;
using test::TestHost;

TEST_CASE("management endpoints need their rights", "[api]") {
  TestHost h;
  auto admin = h.adminClient();
  auto created = admin.post("/api/v1/users",
                            R"({"name":"op","password":"operator-password","role":"operator"})");
  REQUIRE(created.status == 201);
  CHECK(created.json()->getValue<std::string>("role") == "operator");

  HttpClient op(h.port());
  op.setAuth("op:operator-password");
  struct Call {
    const char* method;
    const char* path;
    const char* body;
  };
  const Call calls[] = {
      {"GET", "/api/v1/users", ""},
      {"POST", "/api/v1/users", R"({"name":"x","password":"long-password"})"},
      {"PATCH", "/api/v1/users/1", R"({"role":"operator"})"},
      {"POST", "/api/v1/users/1/api-keys", ""},
      {"GET", "/api/v1/audit", ""},
      {"GET", "/api/v1/settings", ""},
      {"PUT", "/api/v1/settings", R"({"retry.max_attempts":"2"})"},
      {"PUT", "/api/v1/providers/x", R"({"plugin":"pigeon.provider.simulator"})"},
      {"DELETE", "/api/v1/providers/sim", ""},
      {"POST", "/api/v1/providers/sim/default", ""},
  };
  for (const auto& c : calls) {
    INFO(c.method << " " << c.path);
    auto r = op.request(c.method, c.path, c.body);
    CHECK(r.status == 403);
  }
  CHECK_FALSE(h.host().providers().find("x"));
  CHECK(h.host().settingsAdmin().current().at("retry.max_attempts") == "5");
}

TEST_CASE("users and API keys through the API", "[api]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend);
  auto admin = h.adminClient();
  auto created = admin.post("/api/v1/users", R"({"name":"crm","password":"crm-password-1",)"
                                             R"("rights":["send_single","view_single"]})");
  REQUIRE(created.status == 201);
  const auto id = std::to_string(created.json()->getValue<std::int64_t>("id"));

  auto bad = admin.post("/api/v1/users", R"({"name":"a b","password":"crm-password-1"})");
  CHECK(bad.status == 422);
  CHECK(bad.json()->getObject("error")->getValue<std::string>("field") == "name");
  CHECK(admin.request("PATCH", "/api/v1/users/1", R"({"role":"viewer"})").status == 403);
  // A refused change changes nothing, not even the password sent with it.
  auto selfEdit = admin.request("PATCH", "/api/v1/users/1",
                                R"({"password":"new-admin-password","role":"viewer"})");
  CHECK(selfEdit.status == 403);
  HttpClient oldPassword(h.port());
  oldPassword.setAuth(std::string("admin:") + test::kAdminPassword);
  CHECK(oldPassword.get("/api/v1/users").status == 200);

  auto key = admin.post("/api/v1/users/" + id + "/api-keys", R"({"label":"crm prod"})");
  REQUIRE(key.status == 201);
  const auto token = key.json()->getValue<std::string>("token");
  const auto keyId = std::to_string(key.json()->getValue<std::int64_t>("id"));
  HttpClient crm(h.port());
  crm.setAuth("Bearer " + token);
  CHECK(crm.post("/api/v1/messages", R"({"to":"+79123456789","text":"hi"})").status == 202);
  CHECK(crm.get("/api/v1/users").status == 403);

  auto keys = admin.get("/api/v1/users/" + id + "/api-keys");
  REQUIRE(keys.status == 200);
  CHECK(keys.body.find(token) == std::string::npos);  // never shown again
  CHECK(admin.request("DELETE", "/api/v1/users/" + id + "/api-keys/" + keyId).status == 204);
  HttpClient revoked(h.port());
  revoked.setAuth("Bearer " + token);
  CHECK(revoked.get("/api/v1/providers").status == 401);

  auto patched = admin.request("PATCH", "/api/v1/users/" + id, R"({"disabled":true})");
  REQUIRE(patched.status == 200);
  CHECK(patched.json()->getValue<bool>("disabled"));
  HttpClient disabled(h.port());
  disabled.setAuth("crm:crm-password-1");
  CHECK(disabled.get("/api/v1/providers").status == 401);
}

TEST_CASE("provider instances, the default and settings through the API, all audited", "[api]") {
  TestHost h;
  auto admin = h.adminClient();
  auto added = admin.request("PUT", "/api/v1/providers/sim2",
                             R"({"plugin":"pigeon.provider.simulator",)"
                             R"("settings":{"delay_ms":5,"balance":"12"}})");
  REQUIRE(added.status == 201);
  REQUIRE(h.host().providers().find("sim2"));
  auto wrong = admin.request("PUT", "/api/v1/providers/sim3",
                             R"({"plugin":"pigeon.provider.simulator",)"
                             R"("settings":{"delay_ms":"soon"}})");
  CHECK(wrong.status == 422);
  CHECK(wrong.json()->getObject("error")->getValue<std::string>("field") == "delay_ms");
  CHECK_FALSE(h.host().providers().find("sim3"));

  auto changed = admin.request("PUT", "/api/v1/providers/sim2", R"({"settings":{"balance":"99"}})");
  CHECK(changed.status == 200);
  CHECK(admin.request("PUT", "/api/v1/providers/sim", R"({"settings":{}})").status == 409);
  CHECK(admin.post("/api/v1/providers/sim2/default", "").status == 200);
  CHECK(h.host().providers().defaultName() == "sim2");
  CHECK(admin.request("DELETE", "/api/v1/providers/sim2").status == 409);  // the default
  CHECK(admin.request("PUT", "/api/v1/providers/default", R"({"name":"sim"})").status == 200);
  CHECK(h.host().providers().defaultName() == "sim");
  CHECK(admin.request("PUT", "/api/v1/providers/default", R"({"name":"nope"})").status == 404);
  CHECK(admin.request("PUT", "/api/v1/providers/default", R"({"plugin":"x"})").status == 422);
  CHECK(admin
            .request("PUT", "/api/v1/providers/default",
                     R"({"plugin":"pigeon.provider.simulator","settings":{}})")
            .status == 422);
  CHECK(admin.request("DELETE", "/api/v1/providers/sim2").status == 204);
  CHECK_FALSE(h.host().providers().find("sim2"));

  auto settings = admin.request("PUT", "/api/v1/settings", R"({"retry.max_attempts":"3"})");
  REQUIRE(settings.status == 200);
  CHECK(settings.json()->getValue<std::string>("retry.max_attempts") == "3");
  CHECK(settings.json()->getValue<std::string>("phone.default_region") == "RU");
  auto badSetting = admin.request("PUT", "/api/v1/settings", R"({"quiet.end":"noon"})");
  CHECK(badSetting.status == 422);
  CHECK(admin.request("PUT", "/api/v1/settings", R"({"nope":"1"})").status == 422);

  auto audit = admin.get("/api/v1/audit");
  REQUIRE(audit.status == 200);
  auto entries = audit.json()->getArray("entries");
  std::vector<std::string> actions;
  for (std::size_t i = 0; i < entries->size(); ++i)
    actions.push_back(
        entries->getObject(static_cast<unsigned>(i))->getValue<std::string>("action"));
  const std::vector<std::string> expected{"settings.update",  "provider.remove", "provider.default",
                                          "provider.default", "provider.update", "provider.add"};
  CHECK(actions == expected);
  auto update = entries->getObject(4);
  CHECK(update->getObject("before")->getValue<std::string>("balance") == "12");
  CHECK(update->getObject("after")->getValue<std::string>("balance") == "99");
  CHECK(update->getValue<std::string>("user") == "admin");
}
