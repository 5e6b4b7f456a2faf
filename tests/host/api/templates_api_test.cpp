// Templates over HTTP: saved only when every name resolves, previewed for a row with the
// locale's formatting, and sent as messages by template and entity.

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

#include "support/http_client.h"
#include "support/test_host.h"

using namespace pigeon;
using test::errorOf;
using test::HttpClient;
using test::TestHost;

namespace {

// An account, a contact of it, and an appointment of the contact.
void seed(HttpClient& admin) {
  REQUIRE(admin
              .post("/api/v1/entities/account", R"({"external_id":"A-1","name":"Acme",)"
                                                R"("debt":"1234.5","contract_end":"2027-01-31"})")
              .status == 201);
  REQUIRE(admin
              .post("/api/v1/entities/contact",
                    R"({"external_id":"C-1","first_name":"Анна","phone":"+79123456789",)"
                    R"("account":{"external_id":"A-1"}})")
              .status == 201);
  REQUIRE(admin
              .post("/api/v1/entities/appointment",
                    R"({"contact":{"external_id":"C-1"},"starts_at":"2026-12-10T06:30:00Z",)"
                    R"("with_whom":"Dr Petrov"})")
              .status == 201);
}

}  // namespace

TEST_CASE("a template reaches the row's fields and its references' in its locale",
          "[api][templates]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend);
  auto admin = h.adminClient();
  seed(admin);
  auto created =
      admin.post("/api/v1/templates", R"({"name":"debt","entity_type":"contact","locale":"ru",)"
                                      R"("body":"{{contact.first_name}}, долг {{account.debt}} до )"
                                      R"({{account.contract_end}}"})");
  REQUIRE(created.status == 201);
  const auto id = std::to_string(created.json()->getValue<int>("id"));
  auto preview = admin.post("/api/v1/templates/" + id + "/preview",
                            R"({"entity":{"type":"contact","external_id":"C-1"}})");
  REQUIRE(preview.status == 200);
  auto p = preview.json();
  CHECK(p->getValue<std::string>("text") == "Анна, долг 1\u00A0234,50 до 31.01.2027");
  CHECK(p->getValue<std::string>("to") == "+79123456789");
  CHECK(p->getValue<std::string>("encoding") == "UCS2");
  CHECK(p->getValue<int>("parts") == 1);

  // An appointment has no number: its contact's is used; times in the template's offset.
  auto reminder = admin.post(
      "/api/v1/templates",
      R"({"name":"reminder","entity_type":"appointment","locale":"en","utc_offset":"+03:00",)"
      R"("body":"{{contact.first_name}}, see {{appointment.with_whom}} on )"
      R"({{appointment.starts_at}}.{{#contact.city}} City: {{contact.city}}{{/contact.city}}"})");
  REQUIRE(reminder.status == 201);
  auto sent = admin.post("/api/v1/messages",
                         R"({"template":"reminder","entity":{"type":"appointment","id":1}})");
  REQUIRE(sent.status == 202);
  const auto messageId = std::to_string(sent.json()->getValue<int>("id"));
  auto message = admin.get("/api/v1/messages/" + messageId).json();
  CHECK(message->getValue<std::string>("to") == "+79123456789");
  CHECK(message->getValue<std::string>("text") == "Анна, see Dr Petrov on 10 Dec 2026 09:30.");

  // In a batch, each item is judged alone.
  auto batch = admin.post("/api/v1/messages",
                          R"({"messages":[{"template":"debt","entity":{"type":"contact","id":1}},)"
                          R"({"template":"debt","entity":{"type":"contact","id":99}},)"
                          R"({"template":"debt","entity":{"type":"account","id":1}}]})");
  INFO(batch.body);
  REQUIRE(batch.status == 202);
  CHECK(batch.json()->getValue<int>("queued") == 1);
  auto results = batch.json()->getArray("messages");
  CHECK(results->getObject(0)->getValue<std::string>("status") == "queued");
  CHECK(results->getObject(1)->getObject("error")->getValue<std::string>("field") ==
        "messages[1].entity");
  CHECK(results->getObject(2)->getObject("error")->getValue<std::string>("message") ==
        "template 'debt' is written for contact, not account");
}

TEST_CASE("a template is refused when saved if a name does not resolve", "[api][templates]") {
  TestHost h;
  auto admin = h.adminClient();
  struct Case {
    const char* body;
    const char* error;
  };
  const Case cases[] = {
      {R"({"name":"t","entity_type":"contact","body":"{{account.debtt}}"})",
       "body: template uses 'account.debtt', but account has no field 'debtt'"},
      {R"({"name":"t","entity_type":"contact","body":"{{owner.name}} {{lead.status}}"})",
       "body: template uses 'lead.status', but 'lead' is neither 'contact' nor a reference "
       "field of contact"},
      {R"({"name":"t","entity_type":"contact","body":"Hi {{contact.first_name"})",
       "body: a tag opened at character 4 is never closed"},
      {R"({"name":"t","entity_type":"contact","body":"{{#contact.city}}x"})", nullptr},
      {R"({"name":"t","entity_type":"contact","body":"{{> footer}}"})",
       "body: partials ({{>footer}}) are not supported"},
      {R"({"name":"t","entity_type":"planet","body":"x"})", "entity_type: no entity type 'planet'"},
      {R"({"name":"t","entity_type":"contact","body":"x","locale":"xx"})",
       "locale: unknown locale 'xx'"},
      {R"({"name":"t","entity_type":"contact","body":"x","utc_offset":"3h"})",
       "utc_offset: utc_offset must look like +03:00, got '3h'"},
      {R"({"name":"","entity_type":"contact","body":"x"})",
       "name: name must be 1 to 64 printable characters"},
  };
  for (const auto& c : cases) {
    INFO(c.body);
    auto r = admin.post("/api/v1/templates", c.body);
    CHECK(r.status == 422);
    if (c.error) CHECK(errorOf(r) == c.error);
  }
  CHECK(admin.get("/api/v1/templates").json()->getArray("templates")->size() == 0);
  REQUIRE(admin.post("/api/v1/templates", R"({"name":"t","entity_type":"contact","body":"x"})")
              .status == 201);
  CHECK(admin.post("/api/v1/templates", R"({"name":"t","entity_type":"lead","body":"y"})").status ==
        409);
  CHECK(admin
            .request("PUT", "/api/v1/templates/1",
                     R"({"name":"t2","entity_type":"contact","body":"{{contact.city}}"})")
            .status == 200);
  CHECK(admin.get("/api/v1/templates/1").json()->getValue<std::string>("name") == "t2");
  CHECK(admin.request("DELETE", "/api/v1/templates/1").status == 204);
  CHECK(admin.get("/api/v1/templates/1").status == 404);
}

TEST_CASE("template rights: preview hides the text without view_personal_data",
          "[api][templates]") {
  TestHost h;
  auto admin = h.adminClient();
  seed(admin);
  REQUIRE(admin
              .post("/api/v1/templates",
                    R"({"name":"hi","entity_type":"contact","body":"Hi {{contact.first_name}}"})")
              .status == 201);
  auto draft =
      admin.post("/api/v1/templates/preview",
                 R"({"template":{"name":"d","entity_type":"contact",)"
                 R"("body":"{{contact.first_name}}!"},"entity":{"type":"contact","id":1}})");
  REQUIRE(draft.status == 200);
  CHECK(draft.json()->getValue<std::string>("text") == "Анна!");
  auto op = h.userClient("op", "operator");
  // The text holds the row's data: an operator may not send it to a number of their choice.
  CHECK(op.post("/api/v1/messages",
                R"({"template":"hi","entity":{"type":"contact","id":1},"to":"+79000000000"})")
            .status == 403);
  CHECK(op.post("/api/v1/templates", R"({"name":"x","entity_type":"contact","body":"x"})").status ==
        403);
  auto preview = op.post("/api/v1/templates/1/preview", R"({"entity":{"type":"contact","id":1}})");
  REQUIRE(preview.status == 200);
  CHECK_FALSE(preview.json()->has("text"));
  CHECK(preview.json()->getValue<std::string>("to") == "+7912*****89");
  CHECK(op.post("/api/v1/messages", R"({"template":"hi","entity":{"type":"contact","id":1}})")
            .status == 202);
}

TEST_CASE("a template goes only to the row's own number or its first referred row's",
          "[api][templates]") {
  TestHost h;
  auto admin = h.adminClient();
  REQUIRE(
      admin.post("/api/v1/entities/user", R"({"name":"Staff","phone":"+79990001122"})").status ==
      201);
  REQUIRE(
      admin.post("/api/v1/entities/account", R"({"name":"Acme","phone":"+79001112233"})").status ==
      201);
  // A contact without a number: never the account's, never the owner's.
  REQUIRE(admin.post("/api/v1/entities/contact", R"({"first_name":"Anna","account":1,"owner":1})")
              .status == 201);
  REQUIRE(admin
              .post("/api/v1/entities/appointment",
                    R"({"contact":1,"owner":1,"starts_at":"2026-12-10T06:30:00Z"})")
              .status == 201);
  REQUIRE(admin.post("/api/v1/templates", R"({"name":"c","entity_type":"contact","body":"x"})")
              .status == 201);
  REQUIRE(admin
              .post("/api/v1/templates",
                    R"({"name":"a","entity_type":"appointment","body":"y","utc_offset":"+05:30"})")
              .status == 201);
  CHECK(admin.get("/api/v1/templates/2").json()->getValue<std::string>("utc_offset") == "+05:30");
  for (const auto* body : {R"({"template":"c","entity":{"type":"contact","id":1}})",
                           R"({"template":"a","entity":{"type":"appointment","id":1}})"}) {
    INFO(body);
    auto r = admin.post("/api/v1/messages", body);
    CHECK(r.status == 422);
    CHECK(r.json()->getObject("error")->getValue<std::string>("code") == "no_number");
  }
  CHECK(admin
            .post("/api/v1/templates",
                  R"({"name":"z","entity_type":"contact","body":"x","utc_offset":"+03:00xyz"})")
            .status == 422);
}
