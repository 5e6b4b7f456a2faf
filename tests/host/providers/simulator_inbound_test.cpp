// The simulator's inbound callback: an SMS pushed to /callbacks/<instance>/inbound is stored
// and listed like one from any provider, only with the instance's secret.

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

#include "support/http_client.h"
#include "support/test_host.h"

using namespace pigeon;

TEST_CASE("the simulator takes inbound SMS at its callback", "[providers][inbound]") {
  test::TestHost h("sqlite", {{"provider.sim.callback_secret", "s3cret"}});
  test::HttpClient provider(h.port());
  auto pushed = provider.post("/callbacks/sim/inbound?secret=s3cret",
                              R"({"from":"+79123456789","to":"+79001112233","text":"STOP"})");
  REQUIRE(pushed.status == 200);
  CHECK(pushed.body.find("sim-in-") != std::string::npos);
  CHECK(provider.post("/callbacks/sim/inbound?secret=wrong", R"({"from":"1","to":"2"})").status ==
        403);
  CHECK(provider.post("/callbacks/sim/inbound?secret=s3cret", R"({"text":"no numbers"})").status ==
        400);
  CHECK(provider.post("/callbacks/sim/inbound?secret=s3cret", "[1,2]").status == 400);
  CHECK(provider.post("/callbacks/sim/other?secret=s3cret", "{}").status == 404);

  auto admin = h.adminClient();
  Poco::JSON::Object::Ptr listed;
  REQUIRE(test::eventually([&] {
    listed = admin.get("/api/v1/inbound").json();
    return listed->getArray("messages")->size() == 1;
  }));
  auto m = listed->getArray("messages")->getObject(0);
  CHECK(m->getValue<std::string>("from") == "+79123456789");
  CHECK(m->getValue<std::string>("text") == "STOP");
  CHECK(m->getValue<std::string>("instance") == "sim");
}
