// The Reminders page (a rule added, refused naming the field, the day's queue per branch,
// turned off) and the Alerts page (a staff group and an alert rule added, a bad member
// refused, an alert acknowledged and resolved, a group in use kept).

#include <catch2/catch.hpp>

#include <chrono>
#include <ctime>

#include "support/site_client.h"
#include "support/test_host.h"

using namespace pigeon;
using test::SiteClient;
using test::TestHost;

namespace {

std::string isoAt(std::chrono::system_clock::time_point at, const char* format) {
  const auto t = std::chrono::system_clock::to_time_t(at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, format, &tm);
  return text;
}

}  // namespace

TEST_CASE("the Reminders page adds a rule and shows the day's queue per branch",
          "[web][reminders]") {
  TestHost h("sqlite");
  auto admin = h.adminClient();
  test::requireCreated(admin.post("/api/v1/templates",
                                  R"({"name":"visit","entity_type":"appointment",)"
                                  R"("body":"See you at {{appointment.branch}}."})"));
  test::requireCreated(
      admin.post("/api/v1/entities/contact", R"({"first_name":"Anna","phone":"+79123450001"})"));
  SiteClient site(h.port());
  REQUIRE(site.signIn("admin", test::kAdminPassword).status == 303);
  auto page = site.get("/reminders");
  REQUIRE(page.status == 200);
  CHECK(page.contains("No reminder rules yet."));
  CHECK(page.contains("value=\"72h, 24h, 2h\""));

  std::multimap<std::string, std::string> form{
      {"name", "visits"},      {"offsets", "5x"}, {"template", "visit"}, {"from", ""},
      {"quiet_hours", "none"}, {"time_zone", ""}, {"enabled", "1"}};
  auto refused = site.post("/reminders", form);
  CHECK(refused.status == 422);
  CHECK(refused.contains("offsets: offset &apos;5x&apos;"));
  CHECK(refused.contains("value=\"5x\""));
  form.erase("offsets");
  form.emplace("offsets", "72h, 24h, 2h");
  REQUIRE(site.post("/reminders", form).status == 303);
  page = site.get("/reminders");
  CHECK(page.contains("3d, 24h, 2h before appointment starts_at"));

  // An appointment 26 hours ahead: its 24-hour reminder is due in two hours, listed as to come.
  const auto now = std::chrono::system_clock::now();
  test::requireCreated(admin.post("/api/v1/entities/appointment",
                                  R"({"contact":1,"branch":"Central","starts_at":")" +
                                      isoAt(now + std::chrono::hours(26), "%Y-%m-%dT%H:%M:%SZ") +
                                      "\"}"));
  const auto day = isoAt(now + std::chrono::hours(2), "%Y-%m-%d");
  auto queue = site.get("/reminders?date=" + day);
  CHECK(
      queue.contains("<tr data-group=\"Central\"><td data-label=\"Branch\">Central</td>"
                     "<td data-label=\"To come\">1</td>"));
  CHECK(queue.contains("data-reminder=\"1\""));
  CHECK(site.get("/reminders?date=yesterday").contains("date: "));

  REQUIRE(site.post("/reminders/1/toggle", {}).status == 303);
  CHECK(site.get("/reminders").contains("state-off"));
  CHECK(admin.get("/api/v1/reminder-rules/1").json()->getValue<bool>("enabled") == false);
  REQUIRE(site.post("/reminders/1/delete", {}).status == 303);
  CHECK(site.get("/reminders").contains("No reminder rules yet."));
}

TEST_CASE("the Alerts page keeps staff groups and rules, and acknowledges and resolves alerts",
          "[web][alerts]") {
  TestHost h("sqlite");
  auto admin = h.adminClient();
  SiteClient site(h.port());
  REQUIRE(site.signIn("admin", test::kAdminPassword).status == 303);
  auto page = site.get("/alerts");
  REQUIRE(page.status == 200);
  CHECK(page.contains("No alerts."));

  auto bad = site.post("/alerts/groups",
                       {{"name", "on call"}, {"members", "Ivan, +79120000001\nOlga, 12"}});
  CHECK(bad.status == 422);
  CHECK(bad.contains("members[1].phone: "));
  REQUIRE(site.post("/alerts/groups",
                    {{"name", "on call"}, {"members", "Ivan, +79120000001\nOlga, 8 912 000-00-02"}})
              .status == 303);
  CHECK(site.get("/alerts").contains("Ivan +79120000001, Olga +79120000002"));

  std::multimap<std::string, std::string> rule{
      {"name", "crm"},      {"kind", "api"},        {"severity", "alarm"},
      {"group", "on call"}, {"subject", ""},        {"threshold", "5"},
      {"message", ""},      {"max_per_hour", "10"}, {"repeat_s", "0"}};
  auto refused = site.post("/alerts/rules", rule);
  CHECK(refused.status == 422);
  CHECK(refused.contains("threshold: "));
  rule.erase("threshold");
  rule.emplace("threshold", "");
  REQUIRE(site.post("/alerts/rules", rule).status == 303);
  CHECK(site.get("/alerts").contains("<tr data-rule=\"crm\">"));

  test::requireCreated(admin.post("/api/v1/alerts", R"({"rule":"crm","text":"CRM sync failed."})"));
  page = site.get("/alerts");
  CHECK(page.contains("CRM sync failed."));
  CHECK(page.contains("aria-label=\"Acknowledge alert 1\""));
  REQUIRE(site.post("/alerts/1/acknowledge", {}).status == 303);
  CHECK(site.get("/alerts").contains("acknowledged</span> by admin"));
  REQUIRE(site.post("/alerts/1/resolve", {}).status == 303);
  CHECK(site.get("/alerts").contains("state-resolved"));
  CHECK(site.post("/alerts/1/resolve", {}).location == "/alerts");  // said, not an error page

  REQUIRE(site.post("/alerts/groups/1/delete", {}).status == 303);  // in use: kept
  CHECK(site.get("/alerts").contains("<tr data-group=\"on call\">"));
}
