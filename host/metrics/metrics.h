#pragma once
// Process-wide counters, rendered in the Prometheus text format at /metrics.

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <string>

#include "repositories/message_status.h"

namespace pigeon::host {

class Metrics {
public:
  // Upper bounds of the HTTP latency histogram, in seconds.
  static constexpr std::array<double, 12> kLatencyBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                          0.05,   0.1,   0.25,   0.5,   1,    2.5};

  void countStatus(db::MessageStatus status, std::uint64_t n = 1) {
    statuses_[static_cast<int>(status)].fetch_add(n, std::memory_order_relaxed);
  }
  void countInbound() { inbound_.fetch_add(1, std::memory_order_relaxed); }
  // Messages the dispatcher took straight from an insert, without a claim from the store.
  void countHandoff(std::uint64_t n) { handoffs_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t handoffs() const { return handoffs_.load(); }
  void observeHttp(double seconds);
  void countHttpStatus(int code);

  std::uint64_t statusCount(db::MessageStatus status) const {
    return statuses_[static_cast<int>(status)].load();
  }

  // Everything this object counts; the caller appends gauges it owns (queue depth, providers).
  std::string render() const;

private:
  std::array<std::atomic<std::uint64_t>, db::kMessageStatusCount> statuses_{};
  std::array<std::atomic<std::uint64_t>, kLatencyBuckets.size()> latencyBuckets_{};
  std::atomic<std::uint64_t> inbound_{0};
  std::atomic<std::uint64_t> handoffs_{0};
  std::atomic<std::uint64_t> latencyCount_{0};
  std::atomic<std::uint64_t> latencySumMicros_{0};
  std::array<std::atomic<std::uint64_t>, 6> httpStatusClasses_{};  // 0xx..5xx
};

}  // namespace pigeon::host
