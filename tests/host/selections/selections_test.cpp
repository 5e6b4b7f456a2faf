// Selections: JSON criteria compiled to parameterised SQL over an entity type, on both stores;
// each criterion kind checked against rows that do and do not match, and bad criteria refused
// with the path of what is wrong.

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

#include <chrono>
#include <ctime>

#include "support/http_client.h"
#include "support/test_host.h"

using namespace pigeon;
using test::HttpClient;
using test::TestHost;

namespace {

std::int64_t create(HttpClient& admin, const std::string& type, const std::string& body) {
  auto r = admin.post("/api/v1/entities/" + type, body);
  INFO(r.body);
  REQUIRE(r.status == 201);
  return r.json()->getValue<std::int64_t>("id");
}

// "YYYY-MM-DD" of the UTC day `fromToday` days from now.
std::string day(int fromToday) {
  const auto now = std::chrono::system_clock::now() + std::chrono::hours(24 * fromToday);
  const auto t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[16];
  std::strftime(out, sizeof out, "%Y-%m-%d", &tm);
  return out;
}

std::int64_t countOf(HttpClient& client, const std::string& type, const std::string& criteria) {
  auto r = client.post("/api/v1/selections/count",
                       R"({"entity_type":")" + type + R"(","criteria":)" + criteria + "}");
  INFO(criteria << " -> " << r.body);
  REQUIRE(r.status == 200);
  return r.json()->getValue<std::int64_t>("count");
}

std::string refusal(HttpClient& client, const std::string& criteria) {
  auto r = client.post("/api/v1/selections/count",
                       R"({"entity_type":"contact","criteria":)" + criteria + "}");
  INFO(r.body);
  REQUIRE(r.status == 422);
  auto e = r.json()->getObject("error");
  return e->getValue<std::string>("field") + " " + e->getValue<std::string>("message");
}

std::string tagsPath(std::int64_t id) {
  return "/api/v1/entities/contact/" + std::to_string(id) + "/tags";
}

}  // namespace

TEST_CASE("selection criteria pick the rows they describe", "[selections]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend);
  auto admin = h.adminClient();

  const auto acme = create(admin, "account", R"({"name":"Acme","debt":"150.00"})");
  const auto tiny = create(admin, "account", R"({"name":"Tiny","debt":"0"})");
  const auto anna = create(admin, "contact",
                           R"({"first_name":"Anna","last_name":"Petrova","phone":"+79161234567",)"
                           R"("city":"Kazan","gender":"female","birth_date":"1990-)" +
                               day(0).substr(5) + R"(","account":)" + std::to_string(acme) + "}");
  const auto boris = create(admin, "contact",
                            R"({"first_name":"Boris","last_name":"Ivanov","phone":"+79031234567",)"
                            R"("city":"Moscow","gender":"male","account":)" +
                                std::to_string(tiny) + "}");
  create(admin, "contact", R"({"first_name":"Carla","last_name":"Rossi","phone":"+393123456789"})");
  create(
      admin, "appointment",
      R"({"contact":)" + std::to_string(anna) + R"(,"starts_at":")" + day(2) + R"(T10:00:00Z"})");
  create(
      admin, "appointment",
      R"({"contact":)" + std::to_string(boris) + R"(,"starts_at":")" + day(20) + R"(T10:00:00Z"})");

  // Field comparisons.
  CHECK(countOf(admin, "contact", "{}") == 3);
  CHECK(countOf(admin, "contact", R"({"field":"city","op":"eq","value":"Kazan"})") == 1);
  // ne and not include the rows whose field is empty, as a user means it.
  CHECK(countOf(admin, "contact", R"({"field":"city","op":"ne","value":"Kazan"})") == 2);
  CHECK(countOf(admin, "contact", R"({"not":{"field":"city","op":"eq","value":"Kazan"}})") == 2);
  CHECK(countOf(admin, "contact", R"({"field":"city","op":"in","value":["Kazan","Moscow"]})") == 2);
  CHECK(countOf(admin, "contact", R"({"field":"city","op":"not_in","value":["Kazan"]})") == 2);
  CHECK(countOf(admin, "contact", R"({"field":"last_name","op":"starts_with","value":"Pet"})") ==
        1);
  CHECK(countOf(admin, "contact", R"({"field":"last_name","op":"starts_with","value":"pet"})") ==
        0);
  CHECK(countOf(admin, "contact", R"({"field":"last_name","op":"ends_with","value":"ov"})") == 1);
  CHECK(countOf(admin, "contact", R"({"field":"last_name","op":"contains","value":"van"})") == 1);
  CHECK(countOf(admin, "contact", R"({"field":"city","op":"is_empty"})") == 1);
  CHECK(countOf(admin, "contact", R"({"field":"city","op":"not_empty"})") == 2);
  CHECK(countOf(admin, "contact", R"({"field":"phone","op":"eq","value":"+7 916 123-45-67"})") ==
        1);
  CHECK(countOf(admin, "account", R"({"field":"debt","op":"gt","value":"100"})") == 1);
  CHECK(countOf(admin, "account", R"({"field":"debt","op":"between","value":["0","100"]})") == 1);
  CHECK(countOf(admin, "contact",
                R"({"any":[{"field":"city","op":"eq","value":"Kazan"},)"
                R"({"field":"gender","op":"eq","value":"male"}]})") == 2);
  CHECK(countOf(admin, "contact",
                R"({"all":[{"field":"city","op":"eq","value":"Kazan"},)"
                R"({"field":"gender","op":"eq","value":"male"}]})") == 0);

  // Relative dates: an appointment in the next three days; a birthday today.
  CHECK(countOf(admin, "appointment",
                R"({"field":"starts_at","op":"within_next_days","value":3})") == 1);
  CHECK(countOf(admin, "appointment",
                R"({"field":"starts_at","op":"more_than_days_ahead","value":10})") == 1);
  CHECK(countOf(admin, "contact",
                R"({"field":"birth_date","op":"anniversary_in_days","value":0})") == 1);
  CHECK(countOf(admin, "contact",
                R"({"field":"birth_date","op":"more_than_days_ago","value":365})") == 1);

  // Related rows, both ways.
  CHECK(countOf(admin, "contact",
                R"({"related":"account","where":{"field":"debt","op":"gt","value":"100"}})") == 1);
  CHECK(countOf(admin, "contact",
                R"({"has":"appointment","where":{"field":"starts_at","op":"within_next_days",)"
                R"("value":3}})") == 1);
  CHECK(countOf(admin, "contact", R"({"not":{"has":"appointment"}})") == 1);
  CHECK(countOf(admin, "contact", R"({"has":"appointment","at_least":2})") == 0);

  // Where the number is.
  CHECK(countOf(admin, "contact", R"({"phone_country":"RU"})") == 2);
  CHECK(countOf(admin, "contact", R"({"phone_country":["IT"]})") == 1);
  CHECK(countOf(admin, "contact", R"({"phone_prefix":["+7916","+7999"]})") == 1);

  // Tags.
  auto tagged = admin.post(tagsPath(boris), R"({"tags":["vip","Должник","vip"]})");
  INFO(tagged.body);
  REQUIRE(tagged.status == 200);
  CHECK(tagged.json()->getArray("tags")->size() == 2);
  CHECK(countOf(admin, "contact", R"({"tag":"vip"})") == 1);
  CHECK(countOf(admin, "contact", R"({"tag":["Должник","gold"]})") == 1);
  CHECK(countOf(admin, "contact", R"({"tag":"VIP"})") == 0);
  CHECK(admin.request("DELETE", tagsPath(boris) + "/vip").status == 204);
  CHECK(countOf(admin, "contact", R"({"tag":"vip"})") == 0);
  CHECK(admin.post(tagsPath(boris), R"({"tags":["a,b"]})").status == 422);

  // Consent and messages to the number.
  auto out = admin.post("/api/v1/opt-outs", R"({"phone":"+79031234567"})");
  INFO(out.body);
  REQUIRE(out.status < 300);
  CHECK(countOf(admin, "contact", R"({"opted_out":true})") == 1);
  CHECK(countOf(admin, "contact", R"({"opted_out":false})") == 2);
  auto sent = admin.post("/api/v1/messages", R"({"to":"+79161234567","text":"hi","tag":"promo"})");
  INFO(sent.body);
  REQUIRE(sent.status < 300);
  CHECK(countOf(admin, "contact", R"({"message":{"tag":"promo","within_last_days":1}})") == 1);
  CHECK(countOf(admin, "contact", R"({"message":{"tag":"other"}})") == 0);
  CHECK(countOf(admin, "contact", R"({"replied_within_days":7})") == 0);
}

TEST_CASE("saved selections are counted and read page by page", "[selections]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend);
  auto admin = h.adminClient();
  for (int i = 0; i < 5; ++i)
    create(admin, "contact",
           R"({"first_name":"N)" + std::to_string(i) + R"(","city":")" +
               (i % 2 ? "Kazan" : "Omsk") + R"(","phone":"+7916000000)" + std::to_string(i) +
               R"("})");

  auto saved =
      admin.post("/api/v1/selections", R"({"name":"Omsk","entity_type":"contact",)"
                                       R"("criteria":{"field":"city","op":"eq","value":"Omsk"}})");
  INFO(saved.body);
  REQUIRE(saved.status == 201);
  const auto id = std::to_string(saved.json()->getValue<std::int64_t>("id"));
  CHECK(saved.json()->getObject("criteria")->getValue<std::string>("value") == "Omsk");

  auto counted = admin.get("/api/v1/selections/" + id + "/count");
  REQUIRE(counted.status == 200);
  CHECK(counted.json()->getValue<std::int64_t>("count") == 3);

  auto page = admin.get("/api/v1/selections/" + id + "/members?limit=2");
  INFO(page.body);
  REQUIRE(page.status == 200);
  CHECK(page.json()->getArray("members")->size() == 2);
  const auto after = page.json()->getValue<std::int64_t>("next_after");
  auto rest =
      admin.get("/api/v1/selections/" + id + "/members?limit=2&after=" + std::to_string(after));
  CHECK(rest.json()->getArray("members")->size() == 1);
  CHECK(rest.json()->get("next_after").isEmpty());

  CHECK(admin.post("/api/v1/selections", R"({"name":"Omsk","entity_type":"contact","criteria":{}})")
            .status == 409);
  CHECK(admin.get("/api/v1/selections").json()->getArray("selections")->size() == 1);
  CHECK(admin.request("DELETE", "/api/v1/selections/" + id).status == 204);
  CHECK(admin.get("/api/v1/selections/" + id).status == 404);
}

TEST_CASE("bad criteria are refused naming where and what", "[selections]") {
  TestHost h(test::storeBackends().front());
  auto admin = h.adminClient();
  CHECK_THAT(refusal(admin, R"({"field":"citty","op":"eq","value":"x"})"),
             Catch::Contains("criteria.field") && Catch::Contains("no field 'citty'"));
  CHECK_THAT(refusal(admin, R"({"all":[{"field":"city","op":"gtx","value":"x"}]})"),
             Catch::Contains("criteria.all[0].op") && Catch::Contains("unknown operator 'gtx'"));
  CHECK_THAT(refusal(admin, R"({"field":"gender","op":"lt","value":"male"})"),
             Catch::Contains("does not apply"));
  CHECK_THAT(refusal(admin, R"({"field":"gender","op":"eq","value":"robot"})"),
             Catch::Contains("criteria.value"));
  CHECK_THAT(refusal(admin, R"({"colour":"red"})"), Catch::Contains("no known criterion"));
  CHECK_THAT(refusal(admin, R"({"any":[]})"), Catch::Contains("at least one"));
  CHECK_THAT(refusal(admin, R"({"message":{"status":"lost"}})"),
             Catch::Contains("unknown status 'lost'"));
  CHECK_THAT(refusal(admin, R"({"phone_country":"XX"})"), Catch::Contains("unknown region"));
  CHECK_THAT(refusal(admin, R"({"field":"city","op":"eq","value":"x","tag":"y"})"),
             Catch::Contains("unknown member"));
  // SQL in a value is a value: nothing matches, nothing breaks.
  CHECK(countOf(admin, "contact", R"({"field":"city","op":"eq","value":"x' OR 1=1 --"})") == 0);
  CHECK(
      admin.post("/api/v1/selections/count", R"({"entity_type":"planet","criteria":{}})").status ==
      422);
}
