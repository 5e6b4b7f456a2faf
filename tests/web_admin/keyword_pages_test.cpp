// The Keywords page: the rules with their state, adding one (refused rules keep what was
// typed), turning one off, and the dry run; the Inbound page shows what became of each SMS.

#include <catch2/catch.hpp>

#include "support/inbound_driver.h"
#include "support/site_client.h"
#include "support/test_host.h"

using namespace pigeon;
using test::SiteClient;
using test::TestHost;

TEST_CASE("the Keywords page lists, adds, turns off and dry-runs rules", "[web][keywords]") {
  TestHost h("sqlite", {{test::kInboundSecretSetting, test::kInboundSecret}});
  SiteClient site(h.port());
  REQUIRE(site.signIn("admin", test::kAdminPassword).status == 303);

  auto page = site.get("/keywords");
  REQUIRE(page.status == 200);
  CHECK(page.contains("data-rule=\"opt-out\""));
  CHECK(page.contains("<option value=\"pigeon.keyword.selfservice\""));
  CHECK(page.contains("whole_text"));

  auto refused = site.post("/keywords", {{"name", "balance"},
                                         {"handler", "pigeon.keyword.selfservice"},
                                         {"keywords", "BALANCE, БАЛАНС"},
                                         {"mode", "first_word"}});
  CHECK(refused.status == 422);
  CHECK(refused.contains("setting &apos;template&apos; is required"));
  CHECK(refused.contains("value=\"BALANCE, БАЛАНС\""));  // what was typed stays
  CHECK(refused.contains("<option value=\"pigeon.keyword.selfservice\" selected>"));

  auto added = site.post("/keywords", {{"name", "balance"},
                                       {"handler", "pigeon.keyword.selfservice"},
                                       {"keywords", "BALANCE, БАЛАНС"},
                                       {"mode", "first_word"},
                                       {"settings", "template = balance\n"}});
  CHECK(added.status == 303);
  page = site.get("/keywords");
  CHECK(page.contains("data-rule=\"balance\""));
  CHECK(page.contains("BALANCE, БАЛАНС"));
  const auto id = std::to_string(h.host().keywordRules().current()->rules.back().record.id);
  CHECK(site.post("/keywords/" + id + "/disable", {}).status == 303);
  CHECK_FALSE(h.host().keywordRules().current()->rules.back().record.enabled);
  CHECK(site.post("/keywords/" + id + "/enable", {}).status == 303);
  CHECK(h.host().keywordRules().current()->rules.back().record.enabled);
  CHECK(site.post("/keywords/999/disable", {}).status == 404);

  // A position must be a number in range, as in the API, not quietly clamped or dropped.
  for (const char* position : {"0", "abc", "1000001"}) {
    auto wrong = site.post("/keywords", {{"name", "late"},
                                         {"handler", "pigeon.keyword.selfservice"},
                                         {"keywords", "LATE"},
                                         {"mode", "first_word"},
                                         {"position", position},
                                         {"settings", "template = balance\n"}});
    CHECK(wrong.status == 422);
    CHECK(wrong.contains("Position must be a number from 1 to 1000000"));
  }
  CHECK(h.host().keywordRules().current()->rules.back().record.name == "balance");

  auto dry = site.get("/keywords?text=Stop!&from=%2B79123456789");
  CHECK(dry.contains("data-dry-run"));
  CHECK(dry.contains("would opt out +79123456789"));

  auto admin = h.adminClient();
  test::InboundDriver customers(h.port(), admin);
  customers.send("+79123456789", "STOP");
  customers.handled(1);
  auto inbound = site.get("/inbound");
  CHECK(inbound.contains(">opt-out<"));
  CHECK(inbound.contains(">opted out<"));
}
