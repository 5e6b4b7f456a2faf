#pragma once
// A provider that sends nothing: it accepts, fails or throttles submits as configured and
// reports delivery after delay_ms, from its own thread, through the host's callbacks, exactly
// like a real provider would. For demos, tests and benchmarks.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <random>
#include <thread>

#include "pigeon/sdk/host_context.h"
#include "pigeon/sdk/provider/provider.h"
#include "simulator_settings.h"

namespace pigeon::simulator {

class SimulatorProvider : public sdk::Provider {
public:
  SimulatorProvider(SimulatorSettings settings, sdk::HostContext& host);
  ~SimulatorProvider() override;

  sdk::Status start() override;
  void stop() override;
  sdk::Status submit(const sdk::OutboundMessage& message) override;
  sdk::Result<sdk::Balance> balance() override;
  sdk::ProviderCapabilities capabilities() const override;
  sdk::ProviderStats stats() const override;
  // POST /callbacks/<instance>/inbound with {"from","to","text"} (JSON or a form): an inbound
  // SMS, as a real provider's server would push one, for demos and tests.
  sdk::CallbackResponse callback(const sdk::CallbackRequest& request) override;

private:
  struct Pending {
    std::chrono::steady_clock::time_point due;
    sdk::SubmitOutcome outcome;  // answered at once
    bool answered = false;
  };
  void run();
  bool overRate();
  bool noRoute(const std::string& to) const;

  SimulatorSettings settings_;
  sdk::HostContext& host_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;  // due times only grow (fixed delay), so a deque stays sorted
  bool stopping_ = false;
  std::thread thread_;
  std::mt19937_64 random_{std::random_device{}()};
  std::uint64_t nextId_ = 1;
  std::chrono::steady_clock::time_point windowStart_{};
  int inWindow_ = 0;
};

}  // namespace pigeon::simulator
