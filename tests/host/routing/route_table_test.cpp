// The routing table alone: first match wins, every criterion, and where unmatched messages go.

#include <catch2/catch.hpp>

#include "routing/route_table.h"

using namespace pigeon::host;

namespace {

const RouteTable kTable({
    {"otp", "", "", "otp", "", {"fast", "backup"}},
    {"moscow mobile", "+7916", "", "", "", {"mts"}},
    {"russia", "+7", "", "", "", {"ru-a", "ru-b"}},
    {"bank sender", "", "BANK", "", "", {"bank"}},
    {"cheap alias", "", "", "", "cheap", {"ru-b"}},
});

}  // namespace

TEST_CASE("routing: the first rule that matches wins", "[routing]") {
  struct Case {
    RouteQuery query;
    int rule;
    std::vector<std::string> instances;
  };
  const Case cases[] = {
      {{"+79161234567", "", "otp", ""}, 0, {"fast", "backup"}},  // tag before prefix
      {{"+79161234567", "", "", ""}, 1, {"mts"}},                // longer prefix listed first
      {{"+79031234567", "", "", ""}, 2, {"ru-a", "ru-b"}},
      {{"+447700900123", "BANK", "", ""}, 3, {"bank"}},
      {{"+79031234567", "BANK", "", ""}, 2, {"ru-a", "ru-b"}},  // order, not specificity
      {{"+447700900123", "", "", "cheap"}, 4, {"ru-b"}},
  };
  for (const auto& c : cases) {
    const auto m = kTable.match(c.query, "sim");
    CAPTURE(c.query.to, c.query.from, c.query.tag, c.query.provider);
    CHECK(m.rule == c.rule);
    CHECK(m.instances == c.instances);
    CHECK(m.why.empty());  // only explained when asked
  }
}

TEST_CASE("routing: unmatched messages go to the caller's instance, else the default",
          "[routing]") {
  auto m = kTable.match({"+447700900123", "", "", "uk"}, "sim", true);
  CHECK(m.rule == -1);
  CHECK(m.instances == std::vector<std::string>{"uk"});
  CHECK_THAT(m.why, Catch::Contains("caller asked for instance 'uk'"));

  m = kTable.match({"+447700900123", "", "", ""}, "sim", true);
  CHECK(m.instances == std::vector<std::string>{"sim"});
  CHECK_THAT(m.why, Catch::Contains("default instance 'sim'"));

  m = kTable.match({"+447700900123", "", "", ""}, "", true);
  CHECK(m.instances.empty());
  CHECK_THAT(m.why, Catch::Contains("no default instance"));
}

TEST_CASE("routing: an explanation names the rule and what matched", "[routing]") {
  auto m = kTable.match({"+79161234567", "", "", ""}, "sim", true);
  CHECK(m.routeName == "moscow mobile");
  CHECK(m.why == "route 2 'moscow mobile': destination starts with +7916");
  const RouteTable all({{"everything", "", "", "", "", {"sim"}}});
  CHECK(all.match({"+1", "", "", ""}, "x", true).why ==
        "route 1 'everything': matches every message");
  CHECK(kTable.routesProvider("cheap"));
  CHECK_FALSE(kTable.routesProvider("mts"));
}
