// The Numbers page (numbers, their instance, inbox owner and users, changed through the same
// NumberDirectory as the API) and the Inbox page (a user's replies; everyone's for view_bulk).

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

#include "support/inbound_driver.h"
#include "support/site_client.h"
#include "support/test_host.h"

using namespace pigeon;
using test::SiteClient;
using test::TestHost;

TEST_CASE("the Numbers page adds, changes and removes numbers and their users", "[web][numbers]") {
  TestHost h;
  auto admin = h.adminClient();
  h.userWithRights("olga", {"send_single", "view_single", "view_personal_data"});
  h.userWithRights("ivan", {"send_single", "view_single"});
  SiteClient site(h.port());
  REQUIRE(site.signIn("admin", test::kAdminPassword).status == 303);
  auto page = site.get("/numbers");
  REQUIRE(page.status == 200);
  CHECK(page.contains("No sender numbers yet."));
  CHECK(page.contains("<option value=\"sim\">sim</option>"));

  // A bad number is refused naming it, what was typed stays.
  auto bad =
      site.post("/numbers", {{"number", "+7900"}, {"label", "Shop line"}, {"users", "olga"}});
  CHECK(bad.status == 422);
  CHECK(bad.contains("number: &apos;+7900&apos; is neither a phone number"));
  CHECK(bad.contains("value=\"Shop line\""));
  CHECK(bad.contains("name=\"users\" value=\"olga\" checked"));

  auto added = site.post("/numbers", {{"number", "+7 900 111-22-33"},
                                      {"label", "Shop line"},
                                      {"instance", "sim"},
                                      {"owner", "olga"},
                                      {"users", "olga"},
                                      {"default", "olga"},
                                      {"users", "ivan"}});
  REQUIRE(added.status == 303);
  page = site.get("/numbers");
  CHECK(page.contains("Number +79001112233 added."));
  CHECK(page.contains("data-number=\"+79001112233\""));
  CHECK(page.contains("ivan, olga (default)"));
  auto listed = admin.get("/api/v1/numbers").json()->getArray("numbers")->getObject(0);
  CHECK(listed->getValue<std::string>("owner") == "olga");
  CHECK(listed->getValue<std::string>("instance") == "sim");
  const auto id = std::to_string(listed->getValue<std::int64_t>("id"));

  auto form = site.get("/numbers/" + id);
  REQUIRE(form.status == 200);
  CHECK(form.contains("name=\"default\" value=\"olga\" checked"));
  CHECK(form.contains("<option value=\"olga\" selected>"));
  auto wrong = site.post("/numbers/" + id, {{"number", "+79001112233"}, {"instance", "nope"}});
  CHECK(wrong.status == 422);
  CHECK(wrong.contains("instance: no provider instance named &apos;nope&apos;"));
  auto changed = site.post(
      "/numbers/" + id,
      {{"number", "+79001112233"}, {"label", "Shop"}, {"default", "ivan"}});  // a default may send
  REQUIRE(changed.status == 303);
  page = site.get("/numbers");
  CHECK(page.contains("ivan (default)"));
  CHECK(page.contains("whoever wrote last"));

  // Users see the numbers they may use, and change nothing.
  SiteClient ivan(h.port());
  REQUIRE(ivan.signIn("ivan", "ivan-password").status == 303);
  auto own = ivan.get("/numbers");
  CHECK(own.contains("data-number=\"+79001112233\""));
  CHECK_FALSE(own.contains("Add a number"));
  SiteClient olga(h.port());
  REQUIRE(olga.signIn("olga", "olga-password").status == 303);
  CHECK(olga.get("/numbers").contains("No sender numbers for you yet."));
  CHECK(olga.post("/numbers", {{"number", "Mine"}}).status == 403);
  CHECK(olga.get("/numbers/" + id).status == 403);

  REQUIRE(site.post("/numbers/" + id + "/delete", {}).status == 303);
  CHECK(site.get("/numbers").contains("No sender numbers yet."));
  CHECK(site.get("/numbers/" + id).status == 404);
}

TEST_CASE("the Inbox page shows a user the replies that are theirs", "[web][numbers][inbound]") {
  TestHost h("sqlite", {{test::kInboundSecretSetting, test::kInboundSecret}});
  auto admin = h.adminClient();
  h.userWithRights("olga", {"send_single", "view_single", "view_personal_data"});
  h.userWithRights("ivan", {"send_single", "view_single"});
  REQUIRE(admin
              .post("/api/v1/numbers",
                    R"({"number":"+79001112233","owner":"olga","users":[{"user":"olga"}]})")
              .status == 201);
  auto contact =
      admin.post("/api/v1/entities/contact", R"({"first_name":"Anna","phone":"+79123456789"})");
  REQUIRE(contact.status == 201);
  const auto contactId = std::to_string(contact.json()->getValue<std::int64_t>("id"));
  test::InboundDriver customers(h.port(), admin);
  customers.send("+79123456789", "Is my order ready?", "79001112233");
  customers.handled(1);
  customers.send("+79120000000", "Wrong number", "+79005550000");
  customers.handled(2);

  SiteClient olga(h.port());
  REQUIRE(olga.signIn("olga", "olga-password").status == 303);
  auto inbox = olga.get("/inbox");
  REQUIRE(inbox.status == 200);
  CHECK(inbox.contains("Is my order ready?"));
  CHECK_FALSE(inbox.contains("Wrong number"));
  CHECK(inbox.contains("<a href=\"/entities/contact/" + contactId + "\">contact " + contactId));
  CHECK(inbox.contains("href=\"/messages/new?to=%2B79123456789\""));
  CHECK(olga.get("/messages/new?to=%2B79123456789").contains("value=\"+79123456789\""));

  SiteClient ivan(h.port());
  REQUIRE(ivan.signIn("ivan", "ivan-password").status == 303);
  CHECK(ivan.get("/inbox").contains("Your inbox is empty."));

  SiteClient site(h.port());
  REQUIRE(site.signIn("admin", test::kAdminPassword).status == 303);
  auto all = site.get("/inbox");
  CHECK(all.contains("Is my order ready?"));
  CHECK(all.contains("Wrong number"));
}
