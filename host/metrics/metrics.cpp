#include "metrics/metrics.h"

#include <sstream>

namespace pigeon::host {

void Metrics::observeHttp(double seconds) {
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i)
    if (seconds <= kLatencyBuckets[i]) {
      latencyBuckets_[i].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  latencyCount_.fetch_add(1, std::memory_order_relaxed);
  latencySumMicros_.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void Metrics::countHttpStatus(int code) {
  int cls = code / 100;
  if (cls >= 0 && cls < static_cast<int>(httpStatusClasses_.size()))
    httpStatusClasses_[cls].fetch_add(1, std::memory_order_relaxed);
}

std::string Metrics::render() const {
  std::ostringstream out;
  out << "# HELP pigeon_messages_total Messages that reached each status.\n"
         "# TYPE pigeon_messages_total counter\n";
  for (int i = 0; i < db::kMessageStatusCount; ++i)
    out << "pigeon_messages_total{status=\"" << db::statusName(static_cast<db::MessageStatus>(i))
        << "\"} " << statuses_[i].load() << "\n";

  out << "# HELP pigeon_handoff_total Messages sent without a claim from the store: queued while"
         " nothing older waited, stored already leased to the dispatcher.\n"
         "# TYPE pigeon_handoff_total counter\npigeon_handoff_total "
      << handoffs_.load() << "\n";
  out << "# HELP pigeon_inbound_total Inbound SMS reported by providers and stored.\n"
         "# TYPE pigeon_inbound_total counter\npigeon_inbound_total "
      << inbound_.load() << "\n";
  out << "# HELP pigeon_http_request_duration_seconds API and admin request latency.\n"
         "# TYPE pigeon_http_request_duration_seconds histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    cumulative += latencyBuckets_[i].load();
    out << "pigeon_http_request_duration_seconds_bucket{le=\"" << kLatencyBuckets[i] << "\"} "
        << cumulative << "\n";
  }
  out << "pigeon_http_request_duration_seconds_bucket{le=\"+Inf\"} " << latencyCount_.load() << "\n"
      << "pigeon_http_request_duration_seconds_sum " << latencySumMicros_.load() / 1e6 << "\n"
      << "pigeon_http_request_duration_seconds_count " << latencyCount_.load() << "\n";

  out << "# HELP pigeon_http_responses_total Responses by status class.\n"
         "# TYPE pigeon_http_responses_total counter\n";
  for (std::size_t i = 1; i < httpStatusClasses_.size(); ++i)
    out << "pigeon_http_responses_total{code=\"" << i << "xx\"} " << httpStatusClasses_[i].load()
        << "\n";
  return out.str();
}

}  // namespace pigeon::host
