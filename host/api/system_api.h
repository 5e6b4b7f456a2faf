#pragma once
// Health, plugins, providers and /metrics.

#include <atomic>
#include <chrono>
#include <mutex>

#include "api/router.h"
#include "db/connection_pool.h"
#include "metrics/metrics.h"
#include "outbox/dispatcher.h"
#include "plugins/plugin_registry.h"
#include "providers/provider_set.h"

namespace pigeon::host {

class SystemApi {
public:
  SystemApi(PluginRegistry& plugins, ProviderSet& providers, db::ConnectionPool& pool,
            Metrics& metrics, Dispatcher& dispatcher, std::chrono::milliseconds pluginTimeout);

  void registerRoutes(Router& router);

private:
  ApiResponse health(ApiRequest& request);
  ApiResponse plugins(ApiRequest& request);
  ApiResponse providers(ApiRequest& request);
  ApiResponse metrics(ApiRequest& request);

  PluginRegistry& plugins_;
  ProviderSet& providers_;
  db::ConnectionPool& pool_;
  Metrics& metrics_;
  Dispatcher& dispatcher_;
  std::chrono::milliseconds pluginTimeout_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();

  // Counting the queue costs an index scan: /metrics reuses a count for a few seconds.
  std::mutex depthMutex_;
  std::chrono::steady_clock::time_point depthAt_{};
  std::int64_t queued_ = 0;
  std::int64_t submitted_ = 0;
};

}  // namespace pigeon::host
