#pragma once
// Wall-clock milliseconds since the Unix epoch: the unit of every timestamp in the store.

#include <chrono>
#include <cstdint>

namespace pigeon::host {

inline std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace pigeon::host
