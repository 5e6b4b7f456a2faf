#include "outbox/lane_plan.h"

#include <algorithm>
#include <cmath>

namespace pigeon::host {

std::array<int, db::kPriorityCount> laneQuotas(int capacity) {
  std::array<int, db::kPriorityCount> quotas{};
  for (const auto& s : kLaneShares)
    quotas[static_cast<int>(s.lane)] = std::max(1, static_cast<int>(std::ceil(capacity * s.share)));
  return quotas;
}

}  // namespace pigeon::host
