// The Selections page: criteria counted before saving, refused with the criterion named,
// saved, counted again from the list, deleted.

#include <catch2/catch.hpp>

#include "support/site_client.h"
#include "support/test_host.h"

using namespace pigeon;
using test::SiteClient;
using test::TestHost;

TEST_CASE("the Selections page counts, saves and deletes selections", "[web][selections]") {
  TestHost h;
  auto admin = h.adminClient();
  for (const auto* body : {R"({"first_name":"Anna","phone":"+79123456789","city":"Kazan"})",
                           R"({"first_name":"Boris","phone":"+79123450000","city":"Moscow"})",
                           R"({"first_name":"Vera","phone":"+79123457777","city":"Kazan"})"})
    REQUIRE(admin.post("/api/v1/entities/contact", body).status == 201);
  SiteClient site(h.port());
  REQUIRE(site.signIn("admin", test::kAdminPassword).status == 303);

  auto page = site.get("/selections");
  REQUIRE(page.status == 200);
  CHECK(page.contains("No selections saved yet."));
  CHECK(page.contains("<option value=\"contact\" selected>"));

  const std::string kazan = R"({"field":"city","op":"eq","value":"Kazan"})";
  auto counted =
      site.post("/selections/count",
                {{"entity_type", "contact"}, {"criteria", kazan}, {"utc_offset", "+03:00"}});
  CHECK(counted.status == 200);
  CHECK(counted.contains("data-counted>2 rows (counted in"));
  CHECK(counted.contains("{&quot;field&quot;:&quot;city&quot;"));  // what was typed stays

  auto wrong = site.post(
      "/selections/count",
      {{"entity_type", "contact"}, {"criteria", R"({"field":"citty","op":"eq","value":1})"}});
  CHECK(wrong.status == 422);
  CHECK(wrong.contains("type &apos;contact&apos; has no field &apos;citty&apos;"));
  auto notJson =
      site.post("/selections/count", {{"entity_type", "contact"}, {"criteria", "{city: Kazan}"}});
  CHECK(notJson.status == 422);
  CHECK(notJson.contains("Criteria are not JSON"));
  auto unnamed = site.post("/selections", {{"entity_type", "contact"}, {"criteria", kazan}});
  CHECK(unnamed.status == 422);

  auto saved = site.post("/selections",
                         {{"name", "Kazan"}, {"entity_type", "contact"}, {"criteria", kazan}});
  REQUIRE(saved.status == 303);
  page = site.get(saved.location);
  CHECK(page.contains("data-selection=\"Kazan\""));
  CHECK(page.contains("2 rows (counted in"));
  CHECK(page.contains("Selection Kazan saved."));
  CHECK(
      site.post("/selections", {{"name", "Kazan"}, {"entity_type", "contact"}, {"criteria", "{}"}})
          .status == 422);  // the name is taken: shown on the form

  const auto id = std::to_string(admin.get("/api/v1/selections")
                                     .json()
                                     ->getArray("selections")
                                     ->getObject(0)
                                     ->getValue<int>("id"));

  // A viewer counts (the API's count needs view_bulk too) but is offered no saving.
  h.userClient("vera", "viewer");
  SiteClient viewer(h.port());
  REQUIRE(viewer.signIn("vera", "vera-password").status == 303);
  page = viewer.get("/selections");
  CHECK(page.contains("data-selection=\"Kazan\""));
  CHECK_FALSE(page.contains("Save selection"));
  CHECK_FALSE(page.contains("Delete selection Kazan"));
  CHECK(viewer.post("/selections/count", {{"entity_type", "contact"}, {"criteria", kazan}})
            .contains("data-counted>2 rows"));
  CHECK(
      viewer
          .post("/selections", {{"name", "Mine"}, {"entity_type", "contact"}, {"criteria", kazan}})
          .status == 403);

  CHECK(site.post("/selections/" + id + "/delete", {}).status == 303);
  CHECK(site.get("/selections").contains("No selections saved yet."));
}
