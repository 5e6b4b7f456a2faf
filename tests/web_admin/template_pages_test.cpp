// The Templates page: a template previewed on a row (text, encoding, parts, cost), refused
// with the problem named, saved, listed, and kept while an automation sends it.

#include <catch2/catch.hpp>

#include "support/site_client.h"
#include "support/test_host.h"

using namespace pigeon;
using test::SiteClient;
using test::TestHost;

TEST_CASE("the Templates page previews, saves and deletes templates", "[web][templates]") {
  TestHost h;
  auto admin = h.adminClient();
  auto anna = admin.post("/api/v1/entities/contact",
                         R"({"first_name":"Анна","phone":"+79123456789","city":"Kazan"})");
  REQUIRE(anna.status == 201);
  const auto row = std::to_string(anna.json()->getValue<std::int64_t>("id"));
  SiteClient site(h.port());
  REQUIRE(site.signIn("admin", test::kAdminPassword).status == 303);

  auto page = site.get("/templates");
  REQUIRE(page.status == 200);
  CHECK(page.contains("No templates yet."));
  CHECK(page.contains("{{contact.first_name}}"));  // the hint shows the syntax, not a value

  using Form = std::multimap<std::string, std::string>;
  const Form draft{
      {"name", "hello"}, {"entity_type", "contact"}, {"body", "Привет, {{contact.first_name}}!"},
      {"locale", "ru"},  {"utc_offset", "+03:00"},   {"row", row}};
  auto with = [&](const std::string& field, const std::string& value) {
    auto fields = draft;
    fields.erase(field);
    fields.emplace(field, value);
    return fields;
  };
  auto withAction = [&](const std::string& action) { return with("action", action); };
  auto previewed = site.post("/templates", withAction("preview"));
  CHECK(previewed.status == 200);
  CHECK(previewed.contains("data-rendered>Привет, Анна!</span>"));
  CHECK(previewed.contains("<strong>UCS-2</strong>, 1 part"));
  CHECK(previewed.contains("to +79123456789"));

  // The live preview: the same fragment, for the form as typed.
  auto live = site.post("/templates/preview", draft);
  CHECK(live.status == 200);
  CHECK(live.contains("Привет, Анна!"));
  CHECK(site.post("/templates/preview", with("body", "Hi {{contact.nickname}}"))
            .contains("nickname"));
  CHECK(site.post("/templates/preview", with("row", "")).contains("Give the id of a contact row"));

  auto refused = with("body", "Hi {{contact.first_name");
  refused.emplace("action", "save");
  auto wrong = site.post("/templates", refused);
  CHECK(wrong.status == 422);
  CHECK(wrong.contains("class=\"error\""));
  CHECK(wrong.contains("Hi {{contact.first_name</textarea>"));  // what was typed stays

  auto saved = site.post("/templates", withAction("save"));
  REQUIRE(saved.status == 303);
  page = site.get("/templates");
  CHECK(page.contains("data-template=\"hello\""));
  CHECK(page.contains("Template hello saved."));

  const auto id = std::to_string(admin.get("/api/v1/templates")
                                     .json()
                                     ->getArray("templates")
                                     ->getObject(0)
                                     ->getValue<int>("id"));
  REQUIRE(admin
              .post("/api/v1/automations",
                    R"({"name":"greet","entity_type":"contact","template":"hello"})")
              .status == 201);
  auto kept = site.post("/templates/" + id + "/delete", {});
  CHECK(kept.status == 303);
  CHECK(site.get(kept.location).contains("automation &apos;greet&apos; sends this template"));
  CHECK(admin.request("DELETE", "/api/v1/automations/1").status == 204);
  CHECK(site.post("/templates/" + id + "/delete", {}).status == 303);
  CHECK(site.get("/templates").contains("No templates yet."));
}
