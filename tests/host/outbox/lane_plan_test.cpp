#include <catch2/catch.hpp>

#include "outbox/lane_plan.h"

using namespace pigeon;

TEST_CASE("every lane gets a share of a round, high the most", "[outbox]") {
  auto q = host::laneQuotas(1000);
  CHECK(q[static_cast<int>(db::Priority::kHigh)] == 600);
  CHECK(q[static_cast<int>(db::Priority::kNormal)] == 300);
  CHECK(q[static_cast<int>(db::Priority::kBulk)] == 100);
  auto tiny = host::laneQuotas(1);
  for (int quota : tiny) CHECK(quota == 1);  // even bulk may move in the smallest round
}
