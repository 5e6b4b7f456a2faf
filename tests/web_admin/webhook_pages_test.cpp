// The Webhooks page (added with its secret shown once, refused naming the field, changed,
// pinged, its deliveries listed and a failed one sent again, deleted) and the Automations page
// (saved with send_bulk only, refused naming the field, turned off and on, deleted).

#include <catch2/catch.hpp>

#include "support/site_client.h"
#include "support/test_host.h"
#include "support/webhook_fixtures.h"
#include "support/webhook_receiver.h"

using namespace pigeon;
using test::SiteClient;
using test::SitePage;
using test::TestHost;

TEST_CASE("the Webhooks page adds, pings, changes and deletes webhooks", "[web][webhooks]") {
  TestHost h("sqlite", test::webhooks::kFastWebhooks);
  auto admin = h.adminClient();
  test::WebhookReceiver receiver;
  receiver.answerNext({500, 500, 500});  // the first ping fails every try
  SiteClient site(h.port());
  REQUIRE(site.signIn("admin", test::kAdminPassword).status == 303);
  auto page = site.get("/webhooks");
  REQUIRE(page.status == 200);
  CHECK(page.contains("name=\"events\" value=\"delivery_report\""));
  CHECK(page.contains("name=\"events\" value=\"contact.created\""));

  auto bad = site.post("/webhooks", {{"url", "ftp://crm.example.com"}, {"events", "inbound"}});
  CHECK(bad.status == 422);
  CHECK(bad.contains("url: "));
  CHECK(bad.contains("value=\"ftp://crm.example.com\""));
  CHECK(bad.contains("value=\"inbound\" checked"));
  CHECK(
      site.post("/webhooks", {{"url", receiver.url()}, {"events", "teleport"}}).contains("events"));

  auto added = site.post("/webhooks", {{"url", receiver.url()}, {"events", "inbound"}});
  REQUIRE(added.status == 201);
  const auto secret = added.body.substr(added.body.find("id=\"new-secret\">") + 16, 20);
  CHECK(secret.size() == 20);
  const auto hook = admin.get("/api/v1/webhooks").json()->getArray("webhooks")->getObject(0);
  const auto id = std::to_string(hook->getValue<std::int64_t>("id"));
  CHECK_FALSE(site.get("/webhooks/" + id).contains(secret));  // shown once

  REQUIRE(site.post("/webhooks/" + id + "/ping", {}).status == 303);
  SitePage shown;
  REQUIRE(test::eventually([&] {
    shown = site.get("/webhooks/" + id);
    return shown.contains("state-failed");
  }));
  CHECK(shown.contains(">Send again</button>"));
  CHECK(shown.contains("500"));
  const auto delivery =
      test::webhooks::deliveries(admin, hook->getValue<std::int64_t>("id"))->getObject(0);
  const auto deliveryId = std::to_string(delivery->getValue<std::int64_t>("id"));
  REQUIRE(site.post("/webhooks/" + id + "/deliveries/" + deliveryId + "/retry", {}).status == 303);
  REQUIRE(
      test::eventually([&] { return site.get("/webhooks/" + id).contains("state-delivered"); }));
  CHECK(receiver.posts().size() >= 4);

  auto changed = site.post("/webhooks/" + id, {{"url", receiver.url("/other")},
                                               {"events", "inbound"},
                                               {"events", "opt_out"}});  // "enabled" unticked
  REQUIRE(changed.status == 303);
  auto after = admin.get("/api/v1/webhooks/" + id).json();
  CHECK(after->getValue<std::string>("url") == receiver.url("/other"));
  CHECK(after->getArray("events")->size() == 2);
  CHECK_FALSE(after->getValue<bool>("enabled"));

  REQUIRE(site.post("/webhooks/" + id + "/delete", {}).status == 303);
  CHECK(site.get("/webhooks").contains("No webhooks yet."));
  CHECK(site.get("/webhooks/" + id).status == 404);

  h.userWithRights("viewer", {"view_single", "view_bulk"});
  SiteClient viewer(h.port());
  REQUIRE(viewer.signIn("viewer", "viewer-password").status == 303);
  CHECK(viewer.get("/webhooks").status == 403);
}

TEST_CASE("the Automations page saves, turns off and deletes automations", "[web][automation]") {
  TestHost h;
  auto admin = h.adminClient();
  REQUIRE(
      admin
          .post("/api/v1/templates",
                R"({"name":"welcome","entity_type":"contact","body":"Hi {{contact.first_name}}"})")
          .status == 201);
  SiteClient site(h.port());
  REQUIRE(site.signIn("admin", test::kAdminPassword).status == 303);
  auto page = site.get("/automations");
  REQUIRE(page.status == 200);
  CHECK(page.contains("<option value=\"welcome\">welcome (contact)</option>"));

  const std::multimap<std::string, std::string> form{
      {"name", "Welcome"},
      {"entity_type", "contact"},
      {"on", "created"},
      {"fields", ""},
      {"criteria", R"({"field":"cty","op":"eq","value":"Kazan"})"},
      {"template", "welcome"},
      {"enabled", "1"}};
  auto bad = site.post("/automations", form);
  CHECK(bad.status == 422);
  CHECK(bad.contains("has no field &apos;cty&apos;"));
  CHECK(bad.contains("value=\"Welcome\""));
  auto good = form;
  good.erase("criteria");
  good.emplace("criteria", R"({"field":"city","op":"eq","value":"Kazan"})");
  REQUIRE(site.post("/automations", good).status == 303);
  page = site.get("/automations");
  CHECK(page.contains("data-automation=\"Welcome\""));
  CHECK(page.contains("welcome to the template&apos;s recipient"));

  // The automation works: a contact in Kazan gets the template.
  REQUIRE(admin
              .post("/api/v1/entities/contact",
                    R"({"first_name":"Anna","phone":"+79123456789","city":"Kazan"})")
              .status == 201);
  REQUIRE(test::eventually([&] {
    return admin.get("/api/v1/messages?to=%2B79123456789").body.find("Hi Anna") !=
           std::string::npos;
  }));

  const auto id = std::to_string(admin.get("/api/v1/automations")
                                     .json()
                                     ->getArray("automations")
                                     ->getObject(0)
                                     ->getValue<std::int64_t>("id"));
  // Changed on its own page: the form comes filled in; a bad change is refused there.
  auto edit = site.get("/automations/" + id);
  REQUIRE(edit.status == 200);
  CHECK(edit.contains("value=\"Welcome\""));
  CHECK(edit.contains("<option value=\"welcome\" selected>"));
  CHECK(edit.contains("&quot;Kazan&quot;"));
  auto changedForm = good;
  changedForm.erase("criteria");
  changedForm.emplace("criteria", R"({"field":"city","op":"eq","value":"Omsk"})");
  changedForm.erase("fields");
  changedForm.emplace("fields", "city, phone");
  changedForm.erase("on");
  changedForm.emplace("on", "created_or_changed");
  REQUIRE(site.post("/automations/" + id, changedForm).status == 303);
  auto changed = admin.get("/api/v1/automations/" + id).json();
  CHECK(changed->getValue<std::string>("on") == "created_or_changed");
  CHECK(changed->getArray("fields")->size() == 2);
  CHECK(changed->getObject("criteria")->getValue<std::string>("value") == "Omsk");
  changedForm.erase("template");
  changedForm.emplace("template", "nope");
  auto refusedChange = site.post("/automations/" + id, changedForm);
  CHECK(refusedChange.status == 422);
  CHECK(refusedChange.contains("template: "));
  CHECK(refusedChange.contains("Omsk"));  // what was typed stays

  REQUIRE(site.post("/automations/" + id + "/toggle", {}).status == 303);
  CHECK_FALSE(admin.get("/api/v1/automations/" + id).json()->getValue<bool>("enabled"));
  CHECK(site.get("/automations").contains("aria-label=\"Turn on automation Welcome\""));

  // Without send_bulk an automation cannot be saved: its messages would be theirs.
  h.userWithRights("ruler", {"manage_rules", "view_single"});
  SiteClient ruler(h.port());
  REQUIRE(ruler.signIn("ruler", "ruler-password").status == 303);
  auto refused = ruler.get("/automations");
  CHECK(refused.contains("needs the right send_bulk"));
  good.erase("name");
  good.emplace("name", "Other");
  CHECK(ruler.post("/automations", good).status == 403);

  REQUIRE(site.post("/automations/" + id + "/delete", {}).status == 303);
  CHECK(site.get("/automations").contains("No automations yet."));
}
