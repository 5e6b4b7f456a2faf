#include "api/system_api.h"

#include <Poco/JSON/Array.h>
#include <Poco/Logger.h>

#include <sstream>

#include "api/json_util.h"
#include "repositories/message_repository.h"

namespace pigeon::host {

namespace {
constexpr auto kDepthCacheFor = std::chrono::seconds(2);
}

SystemApi::SystemApi(PluginRegistry& plugins, ProviderSet& providers, db::ConnectionPool& pool,
                     Metrics& metrics, Dispatcher& dispatcher,
                     std::chrono::milliseconds pluginTimeout)
    : plugins_(plugins),
      providers_(providers),
      pool_(pool),
      metrics_(metrics),
      dispatcher_(dispatcher),
      pluginTimeout_(pluginTimeout) {}

void SystemApi::registerRoutes(Router& router) {
  using A = Route::Access;
  router.add({"GET", "/api/v1/health", A::kPublic, "", [this](auto& r) { return health(r); }});
  router.add(
      {"GET", "/api/v1/plugins", A::kAuthenticated, "", [this](auto& r) { return plugins(r); }});
  router.add({"GET", "/api/v1/providers", A::kAuthenticated, "",
              [this](auto& r) { return providers(r); }});
  router.add({"GET", "/metrics", A::kPublic, "", [this](auto& r) { return metrics(r); }});
}

ApiResponse SystemApi::health(ApiRequest&) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  bool storeOk = true;
  try {
    auto c = pool_.acquire();
    c->query("SELECT 1", {});
  } catch (const std::exception& e) {
    storeOk = false;
    Poco::Logger::get("http").error("health check: store unavailable: %s", std::string(e.what()));
  }
  o.set("status", storeOk ? "ok" : "degraded");
  o.set("store", storeOk ? "ok" : "unavailable");
  o.set("uptime_s", std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::steady_clock::now() - started_)
                        .count());
  o.set("in_flight", dispatcher_.inFlight());
  // Sent when this process started and requeued: the provider may have had them already.
  o.set("requeued_at_start", dispatcher_.requeuedAtStart());
  return {storeOk ? 200 : 503, toJson(o)};
}

ApiResponse SystemApi::plugins(ApiRequest&) {
  Poco::JSON::Array list;
  for (const auto& p : plugins_.list()) {
    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("file", p.file);
    o.set("name", p.name.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(p.name));
    o.set("kind", p.kind.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(p.kind));
    o.set("version", p.version.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(p.version));
    o.set("sdk_version",
          p.sdkVersion.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(p.sdkVersion));
    o.set("state", p.loaded ? "loaded" : "refused");
    o.set("reason", p.reason.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(p.reason));
    list.add(o);
  }
  Poco::JSON::Object root;
  root.set("plugins", list);
  return {200, toJson(root)};
}

ApiResponse SystemApi::providers(ApiRequest&) {
  Poco::JSON::Array list;
  const auto defaultName = providers_.defaultName();
  for (const auto& p : providers_.all()) {
    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("name", p->name());
    o.set("plugin", p->plugin());
    o.set("state", std::string(p->stateName()));
    o.set("default", p->name() == defaultName);
    auto failure = p->failure();
    o.set("failure", failure.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(failure));
    auto balance = p->cachedBalance(pluginTimeout_);
    if (balance) {
      Poco::JSON::Object b;
      b.set("amount", balance->amount);
      b.set("currency", balance->currency);
      o.set("balance", b);
    } else {
      o.set("balance", Poco::Dynamic::Var());
      o.set("balance_error", balance.status().message());
    }
    // What the plugin counts (binds, window); null where it keeps no such figure.
    const auto stats = p->stats();
    auto figure = [](int v) { return v < 0 ? Poco::Dynamic::Var() : Poco::Dynamic::Var(v); };
    o.set("connected", stats.connected);
    o.set("binds", figure(stats.connections));
    o.set("binds_configured", figure(stats.connectionsWanted));
    o.set("window_used", figure(stats.windowUsed));
    o.set("window_size", figure(stats.windowSize));
    o.set("throughput", p->throughput());
    o.set("submits", static_cast<Poco::UInt64>(p->submits()));
    o.set("errors", static_cast<Poco::UInt64>(p->errors()));
    o.set("reports", static_cast<Poco::UInt64>(p->reports()));
    list.add(o);
  }
  Poco::JSON::Object root;
  root.set("providers", list);
  root.set("default", defaultName);
  return {200, toJson(root)};
}

ApiResponse SystemApi::metrics(ApiRequest&) {
  std::int64_t queued = 0, submitted = 0;
  bool depthKnown = true;
  {
    std::lock_guard lock(depthMutex_);
    auto now = std::chrono::steady_clock::now();
    if (now - depthAt_ > kDepthCacheFor) {
      // The counters below live in memory: a failing store costs the gauges, not the metrics.
      try {
        auto c = pool_.acquire();
        auto counts = db::MessageRepository().countUnsettled(*c);
        queued_ = counts["queued"] + counts["sending"];
        submitted_ = counts["submitted"];
        depthAt_ = now;
      } catch (const std::exception& e) {
        Poco::Logger::get("http").error("metrics: queue depth unavailable: %s",
                                        std::string(e.what()));
        depthKnown = false;
      }
    }
    queued = queued_;
    submitted = submitted_;
  }
  std::ostringstream out;
  out << metrics_.render();
  if (depthKnown)
    out << "# HELP pigeon_queue_depth Messages waiting to be sent (queued or being handed over).\n"
           "# TYPE pigeon_queue_depth gauge\npigeon_queue_depth "
        << queued << "\n"
        << "# HELP pigeon_awaiting_report Messages submitted and waiting for a delivery report.\n"
           "# TYPE pigeon_awaiting_report gauge\npigeon_awaiting_report "
        << submitted << "\n";
  out << "# HELP pigeon_in_flight Messages handed to providers and not yet answered.\n"
         "# TYPE pigeon_in_flight gauge\npigeon_in_flight "
      << dispatcher_.inFlight() << "\n"
      << "# HELP pigeon_provider_submits_total Submits per provider instance.\n"
         "# TYPE pigeon_provider_submits_total counter\n";
  auto all = providers_.all();
  for (const auto& p : all)
    out << "pigeon_provider_submits_total{provider=\"" << p->name() << "\"} " << p->submits()
        << "\n";
  out << "# HELP pigeon_provider_errors_total Failed submits per provider instance.\n"
         "# TYPE pigeon_provider_errors_total counter\n";
  for (const auto& p : all)
    out << "pigeon_provider_errors_total{provider=\"" << p->name() << "\"} " << p->errors() << "\n";
  out << "# HELP pigeon_provider_up Whether the provider instance is running.\n"
         "# TYPE pigeon_provider_up gauge\n";
  for (const auto& p : all)
    out << "pigeon_provider_up{provider=\"" << p->name() << "\"} "
        << (p->state() == ProviderInstance::State::kRunning ? 1 : 0) << "\n";
  return {200, out.str(), "text/plain; version=0.0.4"};
}

}  // namespace pigeon::host
