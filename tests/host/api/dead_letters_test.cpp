// Dead letters: failed messages are listed with their last error and can be sent again, from
// the API and from the admin's message page.

#include <catch2/catch.hpp>

#include "support/site_client.h"
#include "support/test_host.h"

using namespace pigeon;
using test::TestHost;

namespace {

std::string statusOf(test::HttpClient& client, std::int64_t id) {
  return client.get("/api/v1/messages/" + std::to_string(id))
      .json()
      ->getValue<std::string>("status");
}

}  // namespace

TEST_CASE("a failed message is requeued, keeps its failure in the timeline, and is delivered",
          "[api]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost t(backend);
  auto admin = t.adminClient();
  // An instance that refuses everything for good, made in the admin so it can be fixed.
  REQUIRE(admin
              .request("PUT", "/api/v1/providers/broken",
                       R"({"plugin":"pigeon.provider.simulator",)"
                       R"("settings":{"permanent_failure_ratio":"1"}})")
              .status == 201);
  auto sent = admin.post("/api/v1/messages",
                         R"({"to":"+79123456789","text":"try me","provider":"broken"})");
  REQUIRE(sent.status == 202);
  const auto id = sent.json()->getValue<std::int64_t>("id");
  REQUIRE(test::eventually([&] { return statusOf(admin, id) == "failed"; }));

  auto deadLetters = admin.get("/api/v1/messages?status=failed").json()->getArray("messages");
  REQUIRE(deadLetters->size() == 1);
  CHECK(deadLetters->getObject(0)->getObject("error")->getValue<std::string>("code") ==
        "sim_permanent");

  // Not failed: refused, nothing changes.
  auto other = admin.post("/api/v1/messages", R"({"to":"+79123456780","text":"fine"})");
  const auto otherId = other.json()->getValue<std::int64_t>("id");
  REQUIRE(test::eventually([&] { return statusOf(admin, otherId) == "delivered"; }));
  CHECK(admin.post("/api/v1/messages/" + std::to_string(otherId) + "/requeue", "").status == 409);

  REQUIRE(admin
              .request("PUT", "/api/v1/providers/broken",
                       R"({"settings":{"permanent_failure_ratio":"0"}})")
              .status == 200);
  auto requeued = admin.post("/api/v1/messages/" + std::to_string(id) + "/requeue", "");
  REQUIRE(requeued.status == 200);
  REQUIRE(test::eventually([&] { return statusOf(admin, id) == "delivered"; }));
  auto events = admin.get("/api/v1/messages/" + std::to_string(id)).json()->getArray("events");
  std::vector<std::string> steps;
  for (std::size_t i = 0; i < events->size(); ++i)
    steps.push_back(events->getObject(static_cast<unsigned>(i))->getValue<std::string>("status"));
  CHECK(steps == std::vector<std::string>{"queued", "failed", "queued", "submitted", "delivered"});
  CHECK(admin.get("/api/v1/messages/" + std::to_string(id)).body.find("requeued by admin") !=
        std::string::npos);
  CHECK(admin.post("/api/v1/messages/999999/requeue", "").status == 404);
}

TEST_CASE("the admin's message page offers Requeue for a failed message", "[web]") {
  TestHost t("sqlite", {{"provider.sim.permanent_failure_ratio", "1"}});
  auto api = t.adminClient();
  auto sent = api.post("/api/v1/messages", R"({"to":"+79123456789","text":"again"})");
  const auto id = std::to_string(sent.json()->getValue<std::int64_t>("id"));
  REQUIRE(test::eventually([&] { return statusOf(api, std::stoll(id)) == "failed"; }));

  test::SiteClient site(t.port());
  REQUIRE(site.signIn("admin", test::kAdminPassword).status == 303);
  auto page = site.get("/messages/" + id);
  REQUIRE(page.contains(">Requeue</button>"));
  auto requeued = site.post("/messages/" + id + "/requeue", {});
  CHECK(requeued.status == 303);
  CHECK(site.get("/messages/" + id).contains("is queued again"));
  // It fails again here (the instance still refuses), and can be requeued again.
  REQUIRE(test::eventually([&] { return statusOf(api, std::stoll(id)) == "failed"; }));
  CHECK(site.get("/messages?status=failed").contains("data-message=\"" + id + "\""));
}
