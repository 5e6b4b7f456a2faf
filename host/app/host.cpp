#include "app/host.h"

#include <filesystem>
#include <fstream>

#include "auth/admin_bootstrap.h"
#include "config/schema_validator.h"
#include "db/database_url.h"
#include "db/sqlite_database.h"
#include "migrations/migrations.h"

namespace pigeon::host {

namespace {

std::unique_ptr<db::Database> openStore(const HostConfig& config) {
  auto url = db::parseDatabaseUrl(config.dbUrl);
  if (url.backend == db::Backend::kSqlite) {
    db::SqliteOptions options;
    options.synchronousFull = config.sqliteSynchronousFull;
    return db::makeSqliteDatabase(url.path, options);
  }
  return db::openDatabase(config.dbUrl);
}

RetrySettings retrySettings(const HostConfig& c) {
  return {c.retryMaxAttempts, c.retryBackoffMs, c.retryMaxBackoffMs, c.throttleBackoffMs};
}

}  // namespace

Host::Host(HostConfig config)
    : config_(std::move(config)),
      logger_(Poco::Logger::get("pigeond")),
      phones_(config_.defaultRegion),
      retry_(retrySettings(config_)) {
  std::filesystem::create_directories(config_.dataDir);
  database_ = openStore(config_);
  pool_ = std::make_unique<db::ConnectionPool>(*database_,
                                               static_cast<std::size_t>(config_.httpThreads));
  {
    auto c = database_->connect();
    int version = db::migrate(*c);
    logger_.information("store %s at schema version %d", database_->describe(), version);
    db::Transaction tx(*c);
    ensureAdmin(*c, config_.dataDir, logger_);
    tx.commit();
  }
  plugins_.scan(config_.pluginsDir);
  for (const auto& p : plugins_.list()) {
    if (p.loaded)
      logger_.information("plugin %s %s loaded from %s", p.name, p.version, p.file);
    else
      logger_.error("plugin file %s refused: %s", p.file, p.reason);
  }

  writer_ = std::make_unique<StoreWriter>(*database_);
  sink_ = std::make_unique<StatusSink>(*writer_, retry_, metrics_);
  DispatcherSettings ds{config_.dispatcherBatch,
                        config_.dispatcherMaxInFlight,
                        config_.leaseSeconds,
                        config_.dlrTimeoutSeconds,
                        config_.throttleBackoffMs,
                        config_.retryMaxAttempts,
                        config_.hostId};
  dispatcher_ = std::make_unique<Dispatcher>(*writer_, providers_, *sink_, metrics_, ds);
  sink_->onAnswered([d = dispatcher_.get()](std::int64_t id) { d->answered(id); });
  sink_->onApplied([d = dispatcher_.get()] { d->wake(); });
  outbox_ = std::make_unique<Outbox>(*writer_, *dispatcher_, metrics_);
  createProviders();

  auth_ = std::make_unique<Authenticator>(*pool_);
  messagesApi_ = std::make_unique<MessagesApi>(*outbox_, phones_, providers_, *pool_,
                                               MessagesApiSettings{config_.maxParts, 10000});
  systemApi_ = std::make_unique<SystemApi>(plugins_, providers_, *pool_, metrics_, *dispatcher_);
  messagesApi_->registerRoutes(router_);
  systemApi_->registerRoutes(router_);
}

Host::~Host() { stop(); }

void Host::createProviders() {
  for (const auto& p : config_.providers) {
    const auto key = "provider." + p.instance + ".";
    if (!plugins_.has(p.plugin))
      throw ConfigError("config key '" + key + "plugin': no loaded plugin named '" + p.plugin +
                        "' (see the plugin list for refused files)");
    if (plugins_.kindOf(p.plugin) != "provider")
      throw ConfigError("config key '" + key + "plugin': '" + p.plugin +
                        "' is not a provider plugin");
    auto checked = validateConfig(plugins_.schema(p.plugin), p.settings);
    if (!checked.ok())
      throw ConfigError("config key '" + key + checked.errors.front().field + "' " +
                        checked.errors.front().message);

    auto instance = std::make_shared<ProviderInstance>(p.instance, p.plugin, *sink_);
    auto created = plugins_.createProvider(p.plugin, checked.values, *instance);
    if (!created) {
      // A broken instance does not stop the host: it shows as failed, with the reason.
      instance->markFailed(created.status().message());
      logger_.error("provider instance %s (%s) failed: %s", p.instance, p.plugin,
                    created.status().message());
    }
    providers_.add(instance);
    if (created) pendingStart_.push_back({instance, std::move(created.value())});
  }
  if (!config_.defaultProvider.empty()) providers_.setDefault(config_.defaultProvider);
}

void Host::start() {
  if (started_) return;
  writer_->start();
  // From here stop() (and so ~Host) undoes whatever did start, should a later step throw.
  started_ = true;
  // The port first: a taken port stops start-up before any provider or dispatcher runs.
  http_ = std::make_unique<HttpServer>(
      router_, *auth_, metrics_,
      HttpSettings{config_.httpAddress, config_.httpPort, config_.httpThreads});
  http_->start();
  for (auto& [instance, provider] : pendingStart_) {
    auto status = instance->attach(std::move(provider));
    if (!status.isOk())
      logger_.error("provider instance %s did not start: %s", instance->name(), status.message());
  }
  pendingStart_.clear();
  dispatcher_->start();
  logger_.information("listening on http://%s:%d", config_.httpAddress, http_->port());
  std::ofstream(std::filesystem::path(config_.dataDir) / "pigeond.port") << http_->port() << "\n";
}

void Host::stop() {
  if (!started_) return;
  started_ = false;
  if (http_) http_->stop();
  dispatcher_->stop();
  providers_.stopAll();
  writer_->stop();  // applies what the providers reported before they stopped
}

}  // namespace pigeon::host
