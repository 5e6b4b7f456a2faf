// The keyword plugins that ship, driven the way a customer drives them: by texting the host.
// A problem report becomes a case, a YES confirms the next appointment, REG sends a one-time
// code the CRM then verifies.

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

#include <regex>

#include "support/http_client.h"
#include "support/inbound_driver.h"
#include "support/test_host.h"

using namespace pigeon;
using test::HttpClient;
using test::TestHost;

namespace {

constexpr const char* kCustomer = "+79123456789";

void addRule(HttpClient& admin, const std::string& body) {
  auto r = admin.post("/api/v1/keyword-rules", body);
  INFO(r.body);
  REQUIRE(r.status == 201);
}

std::int64_t contact(HttpClient& admin) {
  auto r =
      admin.post("/api/v1/entities/contact", R"({"first_name":"Анна","phone":"+79123456789"})");
  REQUIRE(r.status == 201);
  return r.json()->getValue<std::int64_t>("id");
}

}  // namespace

TEST_CASE("'critical problem: ...' opens an urgent case and answers with its number",
          "[keywords][inbound]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend, {{test::kInboundSecretSetting, test::kInboundSecret}});
  auto admin = h.adminClient();
  test::InboundDriver customers(h.port(), admin);
  const auto contactId = contact(admin);
  addRule(admin, R"({"name":"support","handler":"pigeon.keyword.case","match_mode":"any_word"})");

  customers.send(kCustomer, "critical problem: forms are not saved");
  auto m = customers.handled(1);
  CHECK(m->getValue<std::string>("outcome") == "case 1 created, flagged urgent");
  auto c = admin.get("/api/v1/entities/case/1").json();
  CHECK(c->getValue<std::string>("description") == "forms are not saved");
  CHECK(c->getValue<std::string>("subject") == "forms are not saved");
  CHECK(c->getValue<bool>("urgent"));
  CHECK(c->getValue<std::string>("priority") == "critical");
  CHECK(c->getValue<std::string>("status") == "open");
  CHECK(c->getValue<std::int64_t>("contact") == contactId);
  REQUIRE(test::eventually([&] { return customers.replies(kCustomer).size() == 1; }));
  CHECK(customers.replies(kCustomer)[0] == "Thank you. Case 1 is with our 24x7 team now.");

  // Not urgent, in Russian; a bare keyword still makes a case.
  customers.send(kCustomer, "Проблема с интернетом");
  CHECK(customers.handled(2)->getValue<std::string>("outcome") == "case 2 created");
  CHECK(admin.get("/api/v1/entities/case/2").json()->getValue<std::string>("priority") == "normal");
  customers.send(kCustomer, "problem");
  CHECK(customers.handled(3)->getValue<std::string>("outcome") == "case 3 created");
  CHECK(admin.get("/api/v1/entities/case/3").json()->getValue<std::string>("subject") == "problem");
}

TEST_CASE("YES confirms and NO cancels the sender's next appointment", "[keywords][inbound]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend, {{test::kInboundSecretSetting, test::kInboundSecret}});
  auto admin = h.adminClient();
  test::InboundDriver customers(h.port(), admin);
  const auto contactId = std::to_string(contact(admin));
  auto appointment = [&](const std::string& startsAt, const std::string& status) {
    auto r = admin.post("/api/v1/entities/appointment", R"({"contact":)" + contactId +
                                                            R"(,"starts_at":")" + startsAt +
                                                            R"(","status":")" + status + R"("})");
    REQUIRE(r.status == 201);
    return std::to_string(r.json()->getValue<std::int64_t>("id"));
  };
  appointment("2020-01-01T09:00:00Z", "scheduled");                         // past: never touched
  const auto cancelled = appointment("2098-01-01T09:00:00Z", "cancelled");  // skipped
  const auto next = appointment("2099-03-01T09:00:00Z", "scheduled");
  const auto later = appointment("2099-06-01T09:00:00Z", "scheduled");
  addRule(admin, R"({"name":"reminders","handler":"pigeon.keyword.appointment"})");

  customers.send(kCustomer, "Да");
  CHECK(customers.handled(1)->getValue<std::string>("outcome") ==
        "appointment " + next + " confirmed");
  CHECK(admin.get("/api/v1/entities/appointment/" + next).json()->getValue<std::string>("status") ==
        "confirmed");
  CHECK(admin.get("/api/v1/entities/appointment/" + cancelled)
            .json()
            ->getValue<std::string>("status") == "cancelled");
  REQUIRE(test::eventually([&] { return customers.replies(kCustomer).size() == 1; }));
  CHECK(customers.replies(kCustomer)[0] ==
        "Thank you, your appointment at 2099-03-01T09:00:00Z is confirmed.");

  customers.send(kCustomer, "2");
  CHECK(customers.handled(2)->getValue<std::string>("outcome") ==
        "appointment " + next + " cancelled");
  customers.send(kCustomer, "no");  // the next one still open is the later one
  CHECK(customers.handled(3)->getValue<std::string>("outcome") ==
        "appointment " + later + " cancelled");
  customers.send("+79123456000", "yes");  // a stranger
  CHECK(customers.handled(4)->getValue<std::string>("outcome") == "no upcoming appointment");
}

TEST_CASE("REG sends a one-time code the CRM verifies once", "[keywords][inbound]") {
  TestHost h("sqlite", {{test::kInboundSecretSetting, test::kInboundSecret}});
  auto admin = h.adminClient();
  test::InboundDriver customers(h.port(), admin);
  addRule(admin, R"({"name":"signup","handler":"pigeon.keyword.code"})");

  customers.send(kCustomer, "reg");
  CHECK(customers.handled(1)->getValue<std::string>("outcome") == "code sent for registration");
  REQUIRE(test::eventually([&] { return customers.replies(kCustomer).size() == 1; }));
  const auto text = customers.replies(kCustomer)[0];
  std::smatch found;
  REQUIRE(std::regex_search(text, found, std::regex("Your code is ([0-9]{6})\\.")));
  const std::string code = found[1];

  auto verify = [&](const std::string& phone, const std::string& tried) {
    return admin
        .post("/api/v1/codes/verify", R"({"phone":")" + phone + R"(","code":")" + tried + R"("})")
        .json();
  };
  const std::string wrong = code == "000000" ? "111111" : "000000";
  auto bad = verify(kCustomer, wrong);
  CHECK_FALSE(bad->getValue<bool>("valid"));
  CHECK(bad->getValue<std::string>("reason") == "wrong");
  CHECK_FALSE(verify("+79123456000", code)->getValue<bool>("valid"));
  CHECK(verify(kCustomer, code)->getValue<bool>("valid"));
  auto again = verify(kCustomer, code);  // a code works once
  CHECK(again->getValue<std::string>("reason") == "none");

  // Five codes an hour per number at most: the sixth REG gets no code.
  for (std::size_t i = 2; i <= 6; ++i) customers.send(kCustomer, "CODE");
  CHECK(customers.handled(6)->getValue<std::string>("outcome").find("throttled") !=
        std::string::npos);
  // The code is never in what the inbox or the dry run show.
  auto dry =
      admin.post("/api/v1/keyword-rules/dry-run", R"({"text":"reg","from":"+79123456789"})").json();
  CHECK(dry->getArray("actions")->getElement<std::string>(1).find("######") != std::string::npos);
}

TEST_CASE("a handler failing does not lose the message or stop the others", "[keywords][inbound]") {
  TestHost h("sqlite", {{test::kInboundSecretSetting, test::kInboundSecret}});
  auto admin = h.adminClient();
  test::InboundDriver customers(h.port(), admin);
  // The template the rule names does not exist: the handler fails with the reason.
  addRule(admin, R"({"name":"balance","handler":"pigeon.keyword.selfservice",)"
                 R"("keywords":["balance"],"settings":{"template":"missing"}})");
  REQUIRE(
      admin.post("/api/v1/entities/account", R"({"name":"Acme","phone":"+79123456789"})").status ==
      201);
  customers.send(kCustomer, "balance");
  auto m = customers.handled(1);
  CHECK(m->getValue<std::string>("outcome").rfind("failed (invalid_argument): template:", 0) == 0);
  CHECK(m->getObject("rule")->getValue<std::string>("name") == "balance");
  customers.send(kCustomer, "STOP");
  CHECK(customers.handled(2)->getValue<std::string>("outcome") == "opted out");
  // An empty text and a 10 000-word one are stored and handled like any other.
  customers.send("+79123456000", "");
  CHECK(customers.handled(3)->getValue<std::string>("outcome") == "no keyword rule matched");
  std::string longText;
  for (int i = 0; i < 10000; ++i) longText += "word ";
  customers.send("+79123456000", longText + "balance");
  CHECK(customers.handled(4)->getValue<std::string>("outcome") == "no keyword rule matched");
}
