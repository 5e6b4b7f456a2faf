// The keyword rule table over HTTP: rules checked when saved (naming the field), a catch-all
// refused where it would hide other rules, a dry run that says what a text would do without
// doing it, and a self-service word answered with a template on the sender's account.

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

#include "support/http_client.h"
#include "support/test_host.h"

using namespace pigeon;
using test::errorOf;
using test::HttpClient;
using test::TestHost;

TEST_CASE("keyword rules are checked when saved", "[keywords][api]") {
  TestHost h;
  auto admin = h.adminClient();
  // Out of the box: the opt-out rule, with the plugin's own words.
  auto rules = admin.get("/api/v1/keyword-rules").json()->getArray("rules");
  REQUIRE(rules->size() == 1);
  auto optout = rules->getObject(0);
  CHECK(optout->getValue<std::string>("handler") == "pigeon.keyword.optout");
  CHECK(optout->getValue<std::string>("state") == "active");
  CHECK(optout->getArray("keywords")->size() == 0);
  CHECK(optout->getArray("effective_keywords")->size() > 6);
  CHECK(optout->getValue<std::string>("match_mode") == "whole_text");

  struct Case {
    const char* body;
    const char* error;
  };
  const Case cases[] = {
      {R"({"name":"x","handler":"pigeon.keyword.nope","keywords":["A"]})",
       "handler: handler 'pigeon.keyword.nope' is not a loaded keyword plugin"},
      {R"({"name":"x","handler":"pigeon.provider.simulator","keywords":["A"]})",
       "handler: handler 'pigeon.provider.simulator' is not a loaded keyword plugin (it is a "
       "provider plugin)"},
      {R"({"name":"x","handler":"pigeon.keyword.selfservice","keywords":["BALANCE"]})",
       "settings.template: setting 'template' is required"},
      {R"({"name":"x","handler":"pigeon.keyword.selfservice","settings":{"template":"t",)"
       R"("colour":"red"},"keywords":["BALANCE"]})",
       "settings.colour: setting 'colour' is not a known setting"},
      {R"({"name":"x","handler":"pigeon.keyword.selfservice","settings":{"template":"t"}})",
       "keywords: pigeon.keyword.selfservice has no keywords of its own; list the rule's "
       "keywords"},
      {R"({"name":"x","handler":"pigeon.keyword.optout","keywords":[", :"]})",
       "keywords[0]: keyword ', :' has no word in it (only separators or marks)"},
      {R"({"name":"x","handler":"pigeon.keyword.optout","match_mode":"regex"})",
       "match_mode: match_mode must be whole_text, first_word, any_word or any_text, got "
       "'regex'"},
      {R"({"name":"x","handler":"pigeon.keyword.optout","separators":"а"})",
       "separators: separators must be at most 16 bytes of punctuation"},
      {R"({"name":"x","handler":"pigeon.keyword.optout","keywords":["a\nb"]})",
       "keywords[0]: keyword has a control character (a line break?)"},
      {R"({"name":"x","handler":"pigeon.keyword.optout","separators":"ab"})",
       "separators: separators must be at most 16 bytes of punctuation"},
      {R"({"name":"x","handler":"pigeon.keyword.optout","keywords":[1]})",
       "keywords[0]: keywords[0] must be a string"},
      {R"({"name":"","handler":"pigeon.keyword.optout"})",
       "name: name must be 1 to 100 characters"},
      {R"({"name":"opt-out","handler":"pigeon.keyword.optout"})",
       "name: a keyword rule named 'opt-out' exists"},
      {R"({"name":"x","handler":"pigeon.keyword.optout","match_mode":"any_text",)"
       R"("keywords":["A"]})",
       "keywords: an any_text rule matches every text; it takes no keywords"},
      {R"({"name":"x","handler":"pigeon.keyword.optout","settings":{"action":"help"},)"
       R"("match_mode":"any_text","position":5})",
       "position: rule 'x' matches every text and would hide rule 'opt-out' after it; give "
       "the catch-all a later position"},
  };
  for (const auto& c : cases) {
    INFO(c.body);
    auto r = admin.post("/api/v1/keyword-rules", c.body);
    CHECK((r.status == 422 || r.status == 409));
    CHECK(errorOf(r) == c.error);
  }
  CHECK(admin.get("/api/v1/keyword-rules").json()->getArray("rules")->size() == 1);

  // A catch-all at the end is fine; a rule placed after it is then refused.
  auto all = admin.post("/api/v1/keyword-rules",
                        R"({"name":"anything else","handler":"pigeon.keyword.optout",)"
                        R"("settings":{"action":"help"},"match_mode":"any_text"})");
  REQUIRE(all.status == 201);
  CHECK(all.json()->getValue<int>("position") == 20);
  auto hidden = admin.post("/api/v1/keyword-rules",
                           R"({"name":"late","handler":"pigeon.keyword.optout","position":30})");
  CHECK(errorOf(hidden) ==
        "position: rule 'anything else' matches every text and would hide rule 'late' after "
        "it; give the catch-all a later position");
  const auto id = std::to_string(all.json()->getValue<int>("id"));
  // A PUT without a position leaves the rule where it was.
  auto changed = admin.request("PUT", "/api/v1/keyword-rules/" + id,
                               R"({"name":"anything else","handler":"pigeon.keyword.optout",)"
                               R"("settings":{"action":"help"},"match_mode":"any_text",)"
                               R"("enabled":false})");
  INFO(changed.body);
  REQUIRE(changed.status == 200);
  CHECK(changed.json()->getValue<int>("position") == 20);
  CHECK(changed.json()->getValue<std::string>("state") == "disabled");
  CHECK(admin.request("DELETE", "/api/v1/keyword-rules/" + id).status == 204);
  CHECK(admin.get("/api/v1/keyword-rules/" + id).status == 404);

  auto operatorClient = h.userClient("olga", "operator");
  CHECK(operatorClient.get("/api/v1/keyword-rules").status == 403);
}

TEST_CASE("a dry run says what a text would do and does nothing", "[keywords][api]") {
  TestHost h;
  auto admin = h.adminClient();
  REQUIRE(admin.post("/api/v1/entities/contact", R"({"first_name":"Анна","phone":"+79123456789"})")
              .status == 201);
  auto r = admin.post("/api/v1/keyword-rules/dry-run",
                      R"({"text":"stop","from":"+79123456789","to":"+79001112233"})");
  REQUIRE(r.status == 200);
  auto d = r.json();
  CHECK(d->getValue<bool>("matched"));
  CHECK(d->getObject("rule")->getValue<std::string>("name") == "opt-out");
  CHECK(d->getValue<std::string>("keyword") == "STOP");
  CHECK(d->getObject("sender")->getValue<std::string>("type") == "contact");
  CHECK(d->getValue<std::string>("outcome") == "opted out");
  auto actions = d->getArray("actions");
  REQUIRE(actions->size() == 2);
  CHECK(actions->getElement<std::string>(0) == "would opt out +79123456789");
  CHECK(actions->getElement<std::string>(1).rfind("would reply: ", 0) == 0);
  // Nothing happened.
  CHECK_FALSE(admin.get("/api/v1/opt-outs/%2B79123456789").json()->getValue<bool>("opted_out"));

  auto none = admin.post("/api/v1/keyword-rules/dry-run", R"({"text":""})").json();
  CHECK_FALSE(none->getValue<bool>("matched"));
  CHECK(none->getValue<std::string>("outcome") == "no keyword rule matched");
  CHECK(admin.post("/api/v1/keyword-rules/dry-run", R"({"from":"x"})").status == 422);
}

TEST_CASE("BALANCE is answered with a template on the sender's account", "[keywords][inbound]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend, {{"provider.sim.callback_secret", "s3cret"}});
  auto admin = h.adminClient();
  REQUIRE(admin
              .post("/api/v1/entities/account",
                    R"({"external_id":"A-1","name":"Acme","balance":"42.5"})")
              .status == 201);
  REQUIRE(admin
              .post("/api/v1/entities/contact", R"({"first_name":"Анна","phone":"+79123456789",)"
                                                R"("account":{"external_id":"A-1"}})")
              .status == 201);
  REQUIRE(admin
              .post("/api/v1/templates",
                    R"({"name":"balance","entity_type":"account",)"
                    R"("body":"Balance of {{account.name}}: {{account.balance}}"})")
              .status == 201);
  auto rule = admin.post("/api/v1/keyword-rules",
                         R"({"name":"balance","handler":"pigeon.keyword.selfservice",)"
                         R"("keywords":["BALANCE","БАЛАНС"],"settings":{"template":"balance"}})");
  INFO(rule.body);
  REQUIRE(rule.status == 201);

  HttpClient provider(h.port());
  REQUIRE(provider
              .post("/callbacks/sim/inbound?secret=s3cret",
                    R"({"from":"+79123456789","to":"+79001112233","text":"баланс"})")
              .status == 200);
  Poco::JSON::Object::Ptr reply;
  REQUIRE(test::eventually([&] {
    auto list = admin.get("/api/v1/messages?to=%2B79123456789").json()->getArray("messages");
    if (list->size() != 1) return false;
    reply = list->getObject(0);
    return true;
  }));
  CHECK(reply->getValue<std::string>("text") == "Balance of Acme: 42.50");
  CHECK(reply->getValue<std::string>("from") == "+79001112233");
  CHECK(reply->getValue<std::string>("priority") == "high");

  // A number no row has gets the not-found answer.
  REQUIRE(provider
              .post("/callbacks/sim/inbound?secret=s3cret",
                    R"({"from":"+79123456000","to":"+79001112233","text":"BALANCE"})")
              .status == 200);
  REQUIRE(test::eventually([&] {
    auto list = admin.get("/api/v1/messages?to=%2B79123456000").json()->getArray("messages");
    return list->size() == 1 && list->getObject(0)->getValue<std::string>("text").find(
                                    "could not find") != std::string::npos;
  }));
}

TEST_CASE("an SMS is linked to the sender's contact, else lead, else account, read afresh",
          "[keywords][inbound]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend, {{"provider.sim.callback_secret", "s3cret"}});
  auto admin = h.adminClient();
  const std::string phone = "+79123450001";
  auto account = admin.post("/api/v1/entities/account", R"({"external_id":"A-7","name":"Acme",)"
                                                        R"("phone":"+79123450001","balance":"7"})");
  REQUIRE(account.status == 201);
  REQUIRE(admin
              .post("/api/v1/templates", R"({"name":"balance","entity_type":"account",)"
                                         R"("body":"{{account.name}}: {{account.balance}}"})")
              .status == 201);
  REQUIRE(admin
              .post("/api/v1/keyword-rules",
                    R"({"name":"balance","handler":"pigeon.keyword.selfservice",)"
                    R"("keywords":["BALANCE"],"settings":{"template":"balance"}})")
              .status == 201);

  HttpClient provider(h.port());
  std::size_t sent = 0;
  // Texts BALANCE and returns the inbound row once handled, and the newest reply's text.
  auto text = [&]() -> std::pair<Poco::JSON::Object::Ptr, std::string> {
    REQUIRE(provider
                .post("/callbacks/sim/inbound?secret=s3cret",
                      R"({"from":")" + phone + R"(","to":"+79001112233","text":"BALANCE"})")
                .status == 200);
    ++sent;
    Poco::JSON::Object::Ptr newest;
    std::string reply;
    REQUIRE(test::eventually([&] {
      auto in = admin.get("/api/v1/inbound").json()->getArray("messages");
      auto out = admin.get("/api/v1/messages?to=%2B79123450001").json()->getArray("messages");
      if (in->size() != sent || out->size() != sent) return false;
      newest = nullptr;
      for (std::size_t i = 0; i < in->size(); ++i) {
        auto m = in->getObject(i);
        if (m->isNull("handled_at")) return false;
        if (!newest || m->getValue<std::int64_t>("id") > newest->getValue<std::int64_t>("id"))
          newest = m;
      }
      std::int64_t newestReply = 0;
      for (std::size_t i = 0; i < out->size(); ++i) {
        auto m = out->getObject(i);
        if (m->getValue<std::int64_t>("id") > newestReply) {
          newestReply = m->getValue<std::int64_t>("id");
          reply = m->getValue<std::string>("text");
        }
      }
      return true;
    }));
    return {newest, reply};
  };
  auto linkedTo = [](const Poco::JSON::Object::Ptr& m) {
    return m->getObject("entity")->getValue<std::string>("type");
  };

  // Only an account has the number: the reply is rendered on that row...
  auto [first, reply] = text();
  CHECK(linkedTo(first) == "account");
  CHECK(reply == "Acme: 7.00");
  // ...as it is when the SMS comes, not as it was read for an earlier one.
  REQUIRE(
      admin.request("PUT", "/api/v1/entities/account/external/A-7", R"({"balance":"9"})").status ==
      200);
  auto [second, changed] = text();
  CHECK(changed == "Acme: 9.00");

  // A lead with the number comes before the account, a contact before both.
  REQUIRE(admin.post("/api/v1/entities/lead", R"({"first_name":"Lea","phone":"+79123450001"})")
              .status == 201);
  CHECK(linkedTo(text().first) == "lead");
  REQUIRE(admin.post("/api/v1/entities/contact", R"({"first_name":"Kim","phone":"+79123450001"})")
              .status == 201);
  CHECK(linkedTo(text().first) == "contact");
}
