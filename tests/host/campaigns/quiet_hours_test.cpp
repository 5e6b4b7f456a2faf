// Quiet hours and time zones: "21:00-09:00" wraps midnight, a whole-day range is refused, and
// each zone's clock (daylight saving included) decides whether its recipients are texted now.

#include <catch2/catch.hpp>

#include "campaigns/quiet_hours.h"
#include "campaigns/time_zones.h"

using namespace pigeon::host::campaigns;

TEST_CASE("quiet hours parse, wrap past midnight and say how long they last", "[campaigns]") {
  std::string problem;
  auto night = QuietHours::parse("21:00-09:00", problem);
  REQUIRE(night);
  CHECK(night->format() == "21:00-09:00");
  CHECK(night->quietAt(21 * 60));
  CHECK(night->quietAt(23 * 60 + 59));
  CHECK(night->quietAt(0));
  CHECK(night->quietAt(8 * 60 + 59));
  CHECK_FALSE(night->quietAt(9 * 60));
  CHECK_FALSE(night->quietAt(20 * 60 + 59));
  CHECK(night->minutesLeft(23 * 60) == 10 * 60);
  CHECK(night->minutesLeft(8 * 60 + 30) == 30);
  CHECK(night->minutesLeft(12 * 60) == 0);

  auto lunch = QuietHours::parse("13:00-14:00", problem);
  REQUIRE(lunch);
  CHECK(lunch->quietAt(13 * 60 + 30));
  CHECK_FALSE(lunch->quietAt(14 * 60));
  CHECK_FALSE(QuietHours{}.quietAt(0));

  CHECK_FALSE(QuietHours::parse("09:00-09:00", problem));
  CHECK(problem.find("whole day") != std::string::npos);
  for (const auto* bad : {"21-9", "24:00-09:00", "21:00", "21:60-09:00", "", "ab:cd-ef:gh"}) {
    problem.clear();
    CHECK_FALSE(QuietHours::parse(bad, problem));
    CHECK(problem.find("21:00-09:00") != std::string::npos);
  }
}

TEST_CASE("the local minute of the day follows the zone's offset", "[campaigns]") {
  // 2026-01-15T22:30:00Z
  const std::int64_t at = 1768516200000;
  CHECK(minuteOfDay(at, 0) == 22 * 60 + 30);
  CHECK(minuteOfDay(at, 180) == 1 * 60 + 30);                      // Moscow: past midnight
  CHECK(minuteOfDay(at, -300) == 17 * 60 + 30);                    // New York in winter
  CHECK(minuteOfDay(at - 86400000LL * 20000, 0) == 22 * 60 + 30);  // before 1970 too
}

TEST_CASE("time zones come from ICU, with daylight saving", "[campaigns]") {
  CHECK(knownTimeZone("Europe/Moscow"));
  CHECK(knownTimeZone("UTC"));
  CHECK_FALSE(knownTimeZone("Mars/Olympus"));
  CHECK_FALSE(knownTimeZone(""));
  const std::int64_t winter = 1768516200000;  // January
  const std::int64_t summer = 1784246400000;  // July
  CHECK(utcOffsetMinutes("Europe/Moscow", winter) == 180);
  CHECK(utcOffsetMinutes("Europe/Moscow", summer) == 180);
  CHECK(utcOffsetMinutes("America/New_York", winter) == -300);
  CHECK(utcOffsetMinutes("America/New_York", summer) == -240);
  CHECK(utcOffsetMinutes("Asia/Tehran", winter) == 210);
  CHECK(utcOffsetMinutes("Mars/Olympus", winter) == 0);

  CHECK(zoneOfRegion("RU") == "Europe/Moscow");  // many zones: where most people live
  CHECK(zoneOfRegion("US") == "America/New_York");
  CHECK(zoneOfRegion("JP") == "Asia/Tokyo");  // one zone: that one
  CHECK(zoneOfRegion("IR") == "Asia/Tehran");
  CHECK(zoneOfRegion("XX").empty());
  CHECK(zoneOfRegion("").empty());
}
