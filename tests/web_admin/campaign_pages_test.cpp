// The Campaigns pages: the wizard's summary (how many, what the first one gets, parts and
// cost), a campaign saved and started from it and followed to the end on its own page, a
// refusal shown beside what was typed, and a draft cancelled and deleted.

#include <catch2/catch.hpp>

#include "support/site_client.h"
#include "support/test_host.h"

using namespace pigeon;
using test::SiteClient;
using test::TestHost;

namespace {

std::multimap<std::string, std::string> wizard(const std::string& name, const std::string& action) {
  return {{"name", name},    {"selection", "everyone"}, {"template", "promo"}, {"from", ""},
          {"starts_at", ""}, {"ends_at", ""},           {"time_zone", ""},     {"quiet_hours", ""},
          {"rate", "0"},     {"action", action}};
}

}  // namespace

TEST_CASE(
    "the campaign wizard shows the count and a sample, and starts a campaign that runs to "
    "the end",
    "[web][campaigns]") {
  TestHost h("sqlite");
  auto admin = h.adminClient();
  for (const auto& [name, phone] : std::vector<std::pair<std::string, std::string>>{
           {"Anna", "+79123450001"}, {"Boris", "+79123450002"}, {"Vera", "+79123450003"}})
    test::requireCreated(
        admin.post("/api/v1/entities/contact",
                   R"({"first_name":")" + name + R"(","phone":")" + phone + "\"}"));
  test::requireCreated(admin.post("/api/v1/selections",
                                  R"({"name":"everyone","entity_type":"contact","criteria":{}})"));
  test::requireCreated(admin.post("/api/v1/templates",
                                  R"({"name":"promo","entity_type":"contact",)"
                                  R"("body":"Hello {{contact.first_name}}, 20% off!"})"));
  SiteClient site(h.port());
  REQUIRE(site.signIn("admin", test::kAdminPassword).status == 303);
  auto list = site.get("/campaigns");
  REQUIRE(list.status == 200);
  CHECK(list.contains("No campaigns yet."));
  CHECK(list.contains("href=\"/campaigns/new\""));
  auto form = site.get("/campaigns/new");
  REQUIRE(form.status == 200);
  CHECK(form.contains("<option value=\"everyone\">everyone (contact)</option>"));
  CHECK(form.contains("value=\"21:00-09:00\""));  // the admin's quiet hours, to start from

  auto summary =
      site.post("/campaigns/summary", {{"selection", "everyone"}, {"template", "promo"}});
  REQUIRE(summary.status == 200);
  CHECK(summary.contains("<strong>3</strong> recipients now."));
  CHECK(summary.contains("Hello Anna, 20% off!"));
  CHECK(summary.contains("1 part(s) each"));
  auto text = site.post("/campaigns/summary", {{"selection", "everyone"}, {"text", "Hi all"}});
  CHECK(text.contains("Hi all"));
  CHECK(site.post("/campaigns/summary", {{"selection", "nobody"}})
            .contains("no selection &apos;nobody&apos;"));

  auto fields = wizard("spring", "start");
  fields.erase("rate");
  fields.emplace("rate", "-5");
  auto refused = site.post("/campaigns", fields);
  CHECK(refused.status == 422);
  CHECK(refused.contains("rate: "));
  CHECK(refused.contains("value=\"spring\""));  // what was typed stays

  auto started = site.post("/campaigns", wizard("spring", "start"));
  REQUIRE(started.status == 303);
  CHECK(started.location == "/campaigns/1");
  REQUIRE(test::eventually([&] {
    auto p = site.get("/campaigns/1/progress");
    return p.contains("data-finished") && p.contains("state-completed");
  }));
  auto page = site.get("/campaigns/1");
  CHECK(page.contains("<dd data-field=\"recipients\">3</dd>"));
  CHECK(page.contains("value=\"100\""));
  CHECK(test::taggedMessages(admin, "campaign").size() == 3);

  // A draft: not resumable (the refusal is said on its page), cancelled, then deleted.
  REQUIRE(site.post("/campaigns", wizard("autumn", "draft")).location == "/campaigns/2");
  CHECK(site.get("/campaigns").contains("aria-label=\"Start campaign autumn\""));
  CHECK(site.post("/campaigns/2/resume", {}).location == "/campaigns/2");  // refused, said
  REQUIRE(site.post("/campaigns/2/cancel", {}).status == 303);
  CHECK(site.get("/campaigns/2").contains("state-cancelled"));
  REQUIRE(site.post("/campaigns/2/delete", {}).location == "/campaigns");
  CHECK_FALSE(site.get("/campaigns").contains("data-campaign=\"autumn\""));
  CHECK(site.get("/campaigns/2").status == 404);
}
