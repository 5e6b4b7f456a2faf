#pragma once
// Events per second over the last ten whole seconds: the throughput column of the Providers
// page. One small lock per event is cheap next to a submit.

#include <array>
#include <cstdint>
#include <mutex>

namespace pigeon::host {

class RateMeter {
public:
  void add(std::int64_t nowSecond) {
    std::lock_guard lock(mutex_);
    auto& slot = slots_[static_cast<std::size_t>(nowSecond) % slots_.size()];
    if (slot.second != nowSecond) slot = {nowSecond, 0};
    ++slot.count;
  }

  // Mean over the ten seconds before the current one (which is still filling).
  double perSecond(std::int64_t nowSecond) const {
    std::lock_guard lock(mutex_);
    std::uint64_t total = 0;
    for (const auto& slot : slots_)
      if (slot.second >= nowSecond - kWindow && slot.second < nowSecond) total += slot.count;
    return static_cast<double>(total) / kWindow;
  }

private:
  static constexpr std::int64_t kWindow = 10;
  struct Slot {
    std::int64_t second = -1;
    std::uint64_t count = 0;
  };
  mutable std::mutex mutex_;
  std::array<Slot, kWindow + 2> slots_{};
};

}  // namespace pigeon::host
