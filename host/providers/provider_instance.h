#pragma once
// One configured provider: the plugin's Provider object plus what the host knows about it
// (state, counters, cached balance). It is the HostContext its provider calls back into.

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>

#include <Poco/Logger.h>

#include "pigeon/sdk/host_context.h"
#include "pigeon/sdk/provider/provider.h"
#include "providers/provider_events.h"
#include "providers/rate_meter.h"

namespace pigeon::host {

class ProviderInstance : public sdk::HostContext,
                         public std::enable_shared_from_this<ProviderInstance> {
public:
  enum class State { kStarting, kRunning, kFailed, kStopped };

  ProviderInstance(std::string name, std::string plugin, ProviderEvents& events);
  ~ProviderInstance() override;

  // Takes the provider the plugin created and starts it; a failed start leaves kFailed.
  sdk::Status attach(std::shared_ptr<sdk::Provider> provider);
  void markFailed(const std::string& reason);
  void stop();

  // Guarded: a throwing plugin becomes an internal Status, never an exception.
  sdk::Status submit(const sdk::OutboundMessage& message);
  // The balance for display: asked at most every 30 s, waiting at most `timeout` for the
  // plugin, and checked (a NaN or a garbled currency is an error naming the plugin).
  // maxAge 0 always asks (the timer's refresh).
  sdk::Result<sdk::Balance> cachedBalance(std::chrono::milliseconds timeout,
                                          std::chrono::seconds maxAge = std::chrono::seconds(30));
  // The plugin's figures (binds, window), guarded; a stopped or failed instance is disconnected.
  sdk::ProviderStats stats() const;
  // Whether the plugin's window has no room for `parts` more: the message should wait for an
  // answer. A message larger than the whole window goes when nothing else is out.
  bool windowFull(int parts) const {
    const auto s = stats();
    return s.windowSize > 0 && s.windowUsed > 0 && s.windowUsed + parts > s.windowSize;
  }
  // Whether the router may send here now: running and connected.
  bool available() const { return stats().connected; }
  // Why the router passes over it: "" when available, else "disconnected" or the state.
  std::string downReason() const {
    if (available()) return {};
    return state() == State::kRunning ? "disconnected" : stateName();
  }
  // Submits per second over the last ten seconds.
  double throughput() const;
  // What one SMS part costs on this instance (the admin's tariff), for the cost shown before
  // sending; 0 when unknown.
  void setPricePerPart(double price) { pricePerPart_.store(price); }
  double pricePerPart() const { return pricePerPart_.load(); }

  // The secret a provider's server must present on /callbacks/<instance>; empty = refuse all.
  void setCallbackSecret(std::string secret);
  bool acceptsCallbackSecret(std::string_view presented) const;
  // Guarded like submit(): a plugin that throws answers 500, never takes the server down.
  sdk::CallbackResponse callback(const sdk::CallbackRequest& request);

  const std::string& name() const { return name_; }
  const std::string& plugin() const { return plugin_; }
  State state() const { return state_.load(); }
  const char* stateName() const;
  std::string failure() const;
  std::uint64_t submits() const { return submits_.load(); }
  std::uint64_t errors() const { return errors_.load(); }
  std::uint64_t reports() const { return reports_.load(); }

  // After a throttled answer the host sends this instance nothing until the time given
  // (ms since the epoch); messages wait in the queue in their order instead of bouncing.
  void throttleUntil(std::int64_t epochMs) {
    throttledUntil_.store(epochMs, std::memory_order_relaxed);
  }
  std::int64_t throttledUntil() const { return throttledUntil_.load(std::memory_order_relaxed); }

  // sdk::HostContext
  void submitted(const sdk::SubmitOutcome& outcome) noexcept override;
  void deliveryReport(const sdk::DeliveryReport& report) noexcept override;
  void inbound(const sdk::InboundMessage& message) noexcept override;
  void log(sdk::LogLevel level, std::string_view text) noexcept override;

private:
  std::string name_;
  std::string plugin_;
  ProviderEvents& events_;
  Poco::Logger& logger_;
  std::shared_ptr<sdk::Provider> provider_;
  std::atomic<State> state_{State::kStarting};
  mutable std::mutex mutex_;
  std::string failure_;
  std::atomic<std::uint64_t> submits_{0}, errors_{0}, reports_{0};
  std::atomic<std::int64_t> throttledUntil_{0};
  RateMeter rate_;
  std::atomic<double> pricePerPart_{0};
  std::string callbackSecret_;  // guarded by mutex_
  // submit() holds it shared while it calls the plugin; stop() takes it alone, so the plugin's
  // stop() never runs beside a submit().
  std::shared_mutex callMutex_;
  std::mutex balanceMutex_;  // guards the three below
  std::optional<sdk::Result<sdk::Balance>> balance_;
  std::chrono::steady_clock::time_point balanceAt_{};
  // Set while a balance() call runs, even one the host stopped waiting for: a plugin that
  // hangs holds one parked thread, never one more per page view.
  std::shared_ptr<std::atomic<bool>> balanceBusy_ = std::make_shared<std::atomic<bool>>(false);
};

}  // namespace pigeon::host
