// /api/v1/entities over HTTP, with the real entity plugins: the CRM creates, upserts by its
// own ids, changes, lists and deletes rows; every bad value is named; rights are enforced.

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

#include "support/http_client.h"
#include "support/test_host.h"

using namespace pigeon;
using test::HttpClient;
using test::TestHost;

namespace {

std::string errorField(const test::HttpResult& r) {
  return r.json()->getObject("error")->getValue<std::string>("field");
}

std::string errorMessage(const test::HttpResult& r) {
  return r.json()->getObject("error")->getValue<std::string>("message");
}

}  // namespace

TEST_CASE("the entity types the plugins declare are listed with their fields", "[api][entities]") {
  TestHost h;
  auto admin = h.adminClient();
  auto r = admin.get("/api/v1/entities");
  REQUIRE(r.status == 200);
  std::set<std::string> names;
  const auto types = r.json()->getArray("types");  // held: a range-for over a temporary dangles
  for (const auto& t : *types) {
    auto type = t.extract<Poco::JSON::Object::Ptr>();
    names.insert(type->getValue<std::string>("name"));
    if (type->getValue<std::string>("name") != "contact") continue;
    CHECK(type->getValue<std::string>("phone_field") == "phone");
    bool sawAccount = false;
    const auto fields = type->getArray("fields");
    for (const auto& f : *fields) {
      auto field = f.extract<Poco::JSON::Object::Ptr>();
      if (field->getValue<std::string>("name") != "account") continue;
      sawAccount = true;
      CHECK(field->getValue<std::string>("type") == "reference");
      CHECK(field->getValue<std::string>("target") == "account");
    }
    CHECK(sawAccount);
  }
  CHECK(names ==
        std::set<std::string>{"account", "appointment", "case", "contact", "lead", "user"});
}

TEST_CASE("a CRM keeps its contacts and accounts in Pigeon", "[api][entities]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend);
  auto admin = h.adminClient();
  auto account =
      admin.post("/api/v1/entities/account", R"({"external_id":"A-1","name":"Acme","debt":1234.5,)"
                                             R"("contract_end":"2027-01-31","status":"active"})");
  REQUIRE(account.status == 201);
  CHECK(account.json()->getValue<std::string>("debt") == "1234.50");
  const auto accountId = account.json()->getValue<std::int64_t>("id");

  auto contact = admin.post("/api/v1/entities/contact",
                            R"({"external_id":"C-1","first_name":"Анна","phone":"8 912 345-67-89",)"
                            R"("account":{"external_id":"A-1"}})");
  REQUIRE(contact.status == 201);
  auto c = contact.json();
  CHECK(c->getValue<std::string>("phone") == "+79123456789");  // normalised, default region RU
  CHECK(c->getValue<std::int64_t>("account") == accountId);
  const auto path = "/api/v1/entities/contact/" + std::to_string(c->getValue<std::int64_t>("id"));

  // Upsert by the CRM's id: the first call creates, the next changes only what it names.
  auto created = admin.request("PUT", "/api/v1/entities/contact/external/C-2",
                               R"({"first_name":"Boris","city":"Kazan"})");
  CHECK(created.status == 201);
  auto changed =
      admin.request("PUT", "/api/v1/entities/contact/external/C-2", R"({"last_name":"Ivanov"})");
  REQUIRE(changed.status == 200);
  CHECK(changed.json()->getValue<std::string>("city") == "Kazan");
  CHECK(changed.json()->getValue<std::string>("last_name") == "Ivanov");
  auto slashed = admin.post("/api/v1/entities/contact?upsert=true",
                            R"({"external_id":"crm/7","first_name":"Vera"})");
  CHECK(slashed.status == 201);

  auto updated = admin.request("PUT", path, R"({"city":"Perm","birth_date":"1990-05-01"})");
  REQUIRE(updated.status == 200);
  CHECK(updated.json()->getValue<std::string>("first_name") == "Анна");
  CHECK(updated.json()->getValue<std::string>("birth_date") == "1990-05-01");

  auto byCity = admin.get("/api/v1/entities/contact?city=Perm");
  REQUIRE(byCity.status == 200);
  CHECK(byCity.json()->getArray("items")->size() == 1);
  auto byName = admin.get("/api/v1/entities/contact?q=Iv");  // the display field, last_name
  CHECK(byName.json()->getArray("items")->size() == 1);
  auto paged = admin.get("/api/v1/entities/contact?limit=2");
  REQUIRE(paged.json()->getArray("items")->size() == 2);
  const auto after = paged.json()->getValue<std::string>("next_after");
  auto rest = admin.get("/api/v1/entities/contact?limit=2&after=" + after);
  CHECK(rest.json()->getArray("items")->size() == 1);
  CHECK(rest.json()->get("next_after").isEmpty());

  // Deleting the account leaves the contact, no longer pointing at it.
  CHECK(admin.request("DELETE", "/api/v1/entities/account/" + std::to_string(accountId)).status ==
        204);
  CHECK(admin.get(path).json()->get("account").isEmpty());
  CHECK(admin.request("DELETE", path).status == 204);
  CHECK(admin.get(path).status == 404);
}

TEST_CASE("bad entity input is refused naming the field, and nothing is stored",
          "[api][entities]") {
  TestHost h;
  auto admin = h.adminClient();
  REQUIRE(
      admin.post("/api/v1/entities/contact", R"({"external_id":"C-1","first_name":"A"})").status ==
      201);
  struct Case {
    const char* body;
    int status;
    const char* field;
    const char* message;
  };
  const Case cases[] = {
      {R"({"first_name":"A","nickname":"x"})", 422, "nickname",
       "type 'contact' has no field 'nickname'"},
      {R"({"last_name":"A"})", 422, "first_name", "field 'first_name' is required"},
      {R"({"first_name":"A","phone":"not a number"})", 422, "phone",
       "field 'phone': not a phone number: 'not a number'"},
      {R"({"first_name":"A","gender":"robot"})", 422, "gender",
       "field 'gender': not one of female, male, other: 'robot'"},
      {R"({"first_name":"A","account":99})", 422, "account", "field 'account': no account 99"},
      {R"({"first_name":"A","account":{"external_id":"none"}})", 422, "account",
       "field 'account': no account with external_id 'none'"},
      {R"({"first_name":"A","city":["x"]})", 422, "city", nullptr},
      {R"({"first_name":"A","id":5})", 422, "id", "field 'id' is set by Pigeon"},
      {R"({"external_id":"C-1","first_name":"B"})", 409, "external_id",
       "a contact with external_id 'C-1' exists"},
  };
  for (const auto& c : cases) {
    INFO(c.body);
    auto r = admin.post("/api/v1/entities/contact", c.body);
    CHECK(r.status == c.status);
    CHECK(errorField(r) == c.field);
    if (c.message) CHECK(errorMessage(r) == c.message);
  }
  CHECK(admin.post("/api/v1/entities/contact", "{not json").status == 400);
  CHECK(admin.post("/api/v1/entities/planet", R"({"name":"Mars"})").status == 404);
  CHECK(admin.get("/api/v1/entities/contact?gender=robot").status == 400);
  CHECK(admin.get("/api/v1/entities/contact/abc").status == 404);
  auto all = admin.get("/api/v1/entities/contact");
  CHECK(all.json()->getArray("items")->size() == 1);
  // A required field cannot be cleared.
  auto cleared = admin.request("PUT", "/api/v1/entities/contact/1", R"({"first_name":null})");
  CHECK(cleared.status == 422);
  CHECK(errorField(cleared) == "first_name");
}

TEST_CASE("entities need view_single to read and manage_entities to change", "[api][entities]") {
  TestHost h;
  auto admin = h.adminClient();
  REQUIRE(admin.post("/api/v1/entities/contact", R"({"first_name":"A","phone":"+79123456789"})")
              .status == 201);
  REQUIRE(admin
              .post("/api/v1/users", R"({"name":"crm","password":"crm-sync-password",)"
                                     R"("role":"custom","rights":["manage_entities"]})")
              .status == 201);
  auto op = h.userClient("op", "operator");
  auto list = op.get("/api/v1/entities/contact");
  REQUIRE(list.status == 200);
  auto first = list.json()->getArray("items")->getObject(0);
  CHECK(first->getValue<std::string>("phone") == "+7912*****89");  // masked
  CHECK(op.get("/api/v1/entities/contact?phone=%2B79123456789").status == 403);
  CHECK(op.post("/api/v1/entities/contact", R"({"first_name":"B"})").status == 403);
  CHECK(op.request("DELETE", "/api/v1/entities/contact/1").status == 403);

  HttpClient crm(h.port());
  crm.setAuth("crm:crm-sync-password");
  CHECK(crm.post("/api/v1/entities/contact", R"({"first_name":"B"})").status == 201);
  CHECK(crm.get("/api/v1/entities/contact").status == 403);  // writes, but reads nothing
}
