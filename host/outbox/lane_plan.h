#pragma once
// How one claim round divides its capacity between the priority lanes. High goes first, and
// each lane has a guaranteed share while others wait, so bulk is never starved.

#include <array>

#include "repositories/message_status.h"

namespace pigeon::host {

struct LaneShare {
  db::Priority lane;
  double share;  // of the round's capacity, guaranteed while the lane has work
};

// Claimed in this order; what a lane leaves unused goes to the others, again in this order.
inline constexpr std::array<LaneShare, db::kPriorityCount> kLaneShares{{
    {db::Priority::kHigh, 0.60},
    {db::Priority::kNormal, 0.30},
    {db::Priority::kBulk, 0.10},
}};

// The guaranteed quota of each lane for a round of `capacity` (at least 1 each).
std::array<int, db::kPriorityCount> laneQuotas(int capacity);

}  // namespace pigeon::host
