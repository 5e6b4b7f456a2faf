// Automations: "when a contact in Kazan is created, welcome them"; "when a case's status
// becomes resolved, tell its contact". Each change sends once; a change that changes nothing
// sends nothing.

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

#include "support/http_client.h"
#include "support/test_host.h"

using namespace pigeon;
using test::errorOf;
using test::HttpClient;
using test::TestHost;

namespace {

// The automation's messages, newest first, as "to: text (status)".
std::vector<std::string> automationMessages(HttpClient& admin) {
  std::vector<std::string> out;
  auto list = admin.get("/api/v1/messages?limit=100").json()->getArray("messages");
  for (unsigned i = 0; i < list->size(); ++i) {
    auto m = list->getObject(i);
    if (m->isNull("tag") || m->getValue<std::string>("tag") != "automation") continue;
    out.push_back(m->getValue<std::string>("to") + ": " + m->getValue<std::string>("text") + " (" +
                  m->getValue<std::string>("status") + ")");
  }
  return out;
}

std::int64_t idOf(const test::HttpResult& r) {
  INFO(r.body);
  REQUIRE((r.status == 200 || r.status == 201));
  return r.json()->getValue<std::int64_t>("id");
}

}  // namespace

TEST_CASE("automations send a template when a row is created or changed and criteria hold",
          "[automation]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend);
  auto admin = h.adminClient();
  REQUIRE(admin
              .post("/api/v1/templates", R"({"name":"welcome","entity_type":"contact",)"
                                         R"("body":"Welcome, {{contact.first_name}}!"})")
              .status == 201);
  REQUIRE(admin
              .post("/api/v1/templates", R"({"name":"resolved","entity_type":"case",)"
                                         R"("body":"Your case '{{case.subject}}' is resolved."})")
              .status == 201);

  auto welcome = admin.post("/api/v1/automations",
                            R"({"name":"welcome Kazan","entity_type":"contact","on":"created",)"
                            R"("criteria":{"field":"city","op":"eq","value":"Kazan"},)"
                            R"("template":"welcome"})");
  idOf(welcome);
  CHECK(welcome.json()->getValue<std::string>("template") == "welcome");
  idOf(admin.post("/api/v1/automations",
                  R"({"name":"case resolved","entity_type":"case","on":"changed",)"
                  R"("fields":["status"],"to_field":"contact","template":"resolved",)"
                  R"("criteria":{"field":"status","op":"eq","value":"resolved"}})"));

  // Created in Kazan: welcomed; in Moscow: not; the same upsert again: nothing more.
  const auto anna =
      idOf(admin.request("PUT", "/api/v1/entities/contact/external/C-1",
                         R"({"first_name":"Anna","phone":"+79123456789","city":"Kazan"})"));
  idOf(admin.post("/api/v1/entities/contact",
                  R"({"first_name":"Boris","phone":"+79123450000","city":"Moscow"})"));
  idOf(admin.request("PUT", "/api/v1/entities/contact/external/C-1",
                     R"({"first_name":"Anna","phone":"+79123456789","city":"Kazan"})"));
  REQUIRE(test::eventually([&] { return automationMessages(admin).size() == 1; }));
  CHECK(automationMessages(admin).front().starts_with("+79123456789: Welcome, Anna!"));

  // A case changes: not in a watched field, then its status to resolved, then resolved again.
  const auto caseId =
      std::to_string(idOf(admin.post("/api/v1/entities/case", R"({"subject":"Forms are not saved",)"
                                                              R"("status":"open","contact":)" +
                                                                  std::to_string(anna) + "}")));
  idOf(admin.request("PUT", "/api/v1/entities/case/" + caseId, R"({"description":"On Safari"})"));
  idOf(admin.request("PUT", "/api/v1/entities/case/" + caseId, R"({"status":"in_progress"})"));
  idOf(admin.request("PUT", "/api/v1/entities/case/" + caseId, R"({"status":"resolved"})"));
  idOf(admin.request("PUT", "/api/v1/entities/case/" + caseId, R"({"status":"resolved"})"));
  REQUIRE(test::eventually([&] { return automationMessages(admin).size() == 2; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto sent = automationMessages(admin);
  REQUIRE(sent.size() == 2);
  CHECK(sent.front().starts_with("+79123456789: Your case 'Forms are not saved' is resolved."));

  // An opted-out number's welcome is stored as rejected, never sent.
  REQUIRE(admin.post("/api/v1/opt-outs", R"({"phone":"+79123457777"})").status == 201);
  idOf(admin.post("/api/v1/entities/contact",
                  R"({"first_name":"Vera","phone":"+79123457777","city":"Kazan"})"));
  REQUIRE(test::eventually([&] { return automationMessages(admin).size() == 3; }));
  CHECK(automationMessages(admin).front() == "+79123457777: Welcome, Vera! (rejected)");

  // Turned off: nothing.
  const auto path = "/api/v1/automations/" + std::to_string(idOf(welcome));
  REQUIRE(admin
              .request("PUT", path,
                       R"({"name":"welcome Kazan","entity_type":"contact","template":"welcome",)"
                       R"("enabled":false})")
              .status == 200);
  idOf(admin.post("/api/v1/entities/contact",
                  R"({"first_name":"Gleb","phone":"+79123458888","city":"Kazan"})"));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(automationMessages(admin).size() == 3);
  CHECK(admin.get("/api/v1/automations").json()->getArray("automations")->size() == 2);
}

TEST_CASE("a wrong automation is refused by field, and its template cannot be deleted",
          "[automation]") {
  TestHost h;
  auto admin = h.adminClient();
  const auto welcome = idOf(admin.post(
      "/api/v1/templates",
      R"({"name":"welcome","entity_type":"contact","body":"Hi {{contact.first_name}}"})"));
  auto refused = [&](const std::string& body) {
    return errorOf(admin.post("/api/v1/automations", body));
  };
  CHECK(refused(R"({"name":"a","entity_type":"ship","template":"welcome"})") ==
        "entity_type: no entity type 'ship'");
  CHECK(refused(R"({"name":"a","entity_type":"contact","on":"deleted","template":"welcome"})") ==
        "on: on must be created, changed or created_or_changed, not 'deleted'");
  CHECK(
      refused(R"({"name":"a","entity_type":"contact","fields":["citty"],"template":"welcome"})") ==
      "fields[0]: type 'contact' has no field 'citty'");
  CHECK_THAT(refused(R"({"name":"a","entity_type":"contact","template":"welcome",)"
                     R"("criteria":{"field":"city","op":"gtx","value":"A"}})"),
             Catch::Matchers::StartsWith("criteria.op: ") &&
                 Catch::Matchers::Contains("unknown operator 'gtx'"));
  CHECK(refused(R"({"name":"a","entity_type":"contact","template":"nope"})") ==
        "template: no template 'nope'");
  CHECK(refused(R"({"name":"a","entity_type":"case","template":"welcome"})") ==
        "template: template 'welcome' is written for contact, not case");
  CHECK(refused(R"({"name":"a","entity_type":"contact","template":"welcome","to_field":"city"})") ==
        "to_field: to_field must be a phone field of contact or a reference to a row with a "
        "phone, not 'city'");
  CHECK(admin.get("/api/v1/automations").json()->getArray("automations")->size() == 0);

  REQUIRE(admin
              .post("/api/v1/automations",
                    R"({"name":"a","entity_type":"contact","template":"welcome"})")
              .status == 201);
  CHECK(admin.post("/api/v1/automations", R"({"name":"a","entity_type":"contact","template":1})")
            .status == 409);
  auto deleting = admin.request("DELETE", "/api/v1/templates/" + std::to_string(welcome));
  CHECK(deleting.status == 409);
  CHECK(deleting.body.find("automation 'a' sends this template") != std::string::npos);
  HttpClient anonymous(h.port());
  CHECK(anonymous.get("/api/v1/automations").status == 401);
}

TEST_CASE("an automation sends as the one who saved it, from their number and its instance",
          "[automation][numbers]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend);
  auto admin = h.adminClient();
  REQUIRE(admin
              .request("PUT", "/api/v1/providers/sim2",
                       R"({"plugin":"pigeon.provider.simulator","settings":{"delay_ms":5}})")
              .status == 201);
  auto rules = h.userWithRights("rita", {"manage_rules"});
  const std::vector<std::string> sender{"manage_rules", "send_single", "send_bulk", "view_single"};
  auto olga = h.userWithRights("olga", sender);
  auto ivan = h.userWithRights("ivan", sender);
  REQUIRE(admin
              .post("/api/v1/numbers", R"({"number":"+7 900 111-22-33","instance":"sim2",)"
                                       R"("users":[{"user":"olga","default":true}]})")
              .status == 201);
  const auto welcome =
      idOf(admin.post("/api/v1/templates", R"({"name":"welcome","entity_type":"contact",)"
                                           R"("body":"Welcome, {{contact.first_name}}!"})"));
  const std::string body = R"({"name":"welcome","entity_type":"contact","template":"welcome")";

  // Rules alone may not make pigeond send; nor may one user send from another's number.
  auto bare = rules.post("/api/v1/automations", body + "}");
  CHECK(bare.status == 403);
  CHECK(bare.body.find("send_bulk") != std::string::npos);
  auto borrowed = ivan.post("/api/v1/automations", body + R"(,"from":"+79001112233"})");
  CHECK(borrowed.status == 403);
  CHECK(errorOf(borrowed).starts_with("from: "));
  CHECK(admin.get("/api/v1/automations").json()->getArray("automations")->size() == 0);

  // Olga's, with no from: her default number, through the number's instance, as hers.
  auto saved = olga.post("/api/v1/automations", body + "}");
  const auto id = idOf(saved);
  CHECK(saved.json()->getValue<std::string>("from") == "+79001112233");
  CHECK(saved.json()->getValue<std::string>("author") == "olga");
  idOf(admin.post("/api/v1/entities/contact", R"({"first_name":"Anna","phone":"+79123456789"})"));
  REQUIRE(test::eventually([&] {
    auto list = olga.get("/api/v1/messages").json()->getArray("messages");
    return list->size() == 1 && !list->getObject(0)->isNull("provider");
  }));
  auto sent = olga.get("/api/v1/messages").json()->getArray("messages")->getObject(0);
  CHECK(sent->getValue<std::string>("from") == "+79001112233");
  CHECK(sent->getValue<std::string>("provider") == "sim2");
  CHECK(sent->getValue<std::string>("tag") == "automation");

  // Ivan saves it: it becomes his, from his (the routing table's) sender.
  auto taken = ivan.request("PUT", "/api/v1/automations/" + std::to_string(id), body + "}");
  REQUIRE(taken.status == 200);
  CHECK(taken.json()->getValue<std::string>("author") == "ivan");
  CHECK(taken.json()->isNull("from"));

  // Its template cannot move to another entity type while it sends it.
  auto moved = admin.request("PUT", "/api/v1/templates/" + std::to_string(welcome),
                             R"({"name":"welcome","entity_type":"case","body":"Hi"})");
  CHECK(moved.status == 409);
  CHECK(errorOf(moved).starts_with("entity_type: automation 'welcome' sends this template"));
}
