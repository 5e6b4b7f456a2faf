#include "app/host.h"

#include <filesystem>
#include <fstream>

#include "admin_site.h"
#include "auth/admin_bootstrap.h"
#include "config/schema_validator.h"
#include "db/database_url.h"
#include "db/sqlite_database.h"
#include "entities/entity_setup.h"
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

  entities_ = std::make_unique<EntityService>(*pool_, phones_);
  {
    auto c = database_->connect();
    entities_->setCatalog(loadEntityCatalog(plugins_, *c, logger_));
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
  routes_ = std::make_unique<RouteService>(*pool_, providers_);
  routes_->load();
  dispatcher_ = std::make_unique<Dispatcher>(*writer_, providers_, *routes_, *sink_, metrics_, ds);
  sink_->onAnswered([d = dispatcher_.get()](std::int64_t id) { d->answered(id); });
  sink_->onApplied([this] {
    dispatcher_->wake();
    if (scheduler_) scheduler_->wake();  // a campaign's window may have room again
  });
  outbox_ = std::make_unique<Outbox>(*writer_, *dispatcher_, metrics_);
  providerAdmin_ = std::make_unique<ProviderAdmin>(
      plugins_, providers_, *sink_, *pool_, std::chrono::milliseconds(config_.pluginCallTimeoutMs));
  providerAdmin_->load(config_);

  auth_ = std::make_unique<Authenticator>(*pool_);
  SessionSettings sessionSettings;
  sessionSettings.idle = std::chrono::minutes(config_.sessionIdleMinutes);
  sessionSettings.maxFailures = config_.maxFailedLogins;
  sessionSettings.lockout = std::chrono::minutes(config_.lockoutMinutes);
  sessions_ = std::make_unique<SessionManager>(*pool_, sessionSettings);
  userAdmin_ = std::make_unique<UserAdmin>(*pool_, *auth_);
  settingsAdmin_ = std::make_unique<SettingsAdmin>(*pool_, phones_, retry_);
  settingsAdmin_->load();
  messagesApi_ = std::make_unique<MessagesApi>(*outbox_, phones_, providers_, *routes_, *pool_,
                                               MessagesApiSettings{config_.maxParts, 10000});
  routesApi_ = std::make_unique<RoutesApi>(*routes_, providers_, *messagesApi_);
  templates_ = std::make_unique<TemplateService>(*pool_, *entities_);
  messagesApi_->useTemplates(*templates_);
  templatesApi_ = std::make_unique<TemplatesApi>(*templates_, *messagesApi_, *routesApi_);
  consent_ = std::make_unique<ConsentRegistry>(*pool_);
  consent_->load();
  messagesApi_->useConsent(*consent_);
  // A keyword reply goes even so: the customer asked for it (STOP is confirmed that way).
  dispatcher_->refuseWhen([consent = consent_.get()](const db::ClaimedMessage& m) {
    return m.tag != kKeywordReplyTag && consent->optedOut(m.to);
  });
  keywordRules_ = std::make_unique<KeywordRules>(*pool_, plugins_);
  keywordRules_->load();
  for (const auto& rule : keywordRules_->current()->rules)  // start-up: nothing changes it
    if (!rule.problem.empty())
      logger_.warning("keyword rule '%s' does nothing: %s", rule.record.name, rule.problem);
  codes_ = std::make_unique<OneTimeCodes>(*pool_);
  codesApi_ = std::make_unique<CodesApi>(*codes_, phones_);
  keywordEngine_ = std::make_unique<KeywordEngine>(
      *keywordRules_, HandlerServices{*consent_, *entities_, *templates_, *codes_}, *outbox_,
      *writer_, phones_);
  numbers_ = std::make_unique<NumberDirectory>(*pool_, phones_, providers_);
  numbers_->load();
  messagesApi_->useNumbers(*numbers_);
  numbersApi_ = std::make_unique<NumbersApi>(*numbers_);
  // A reply lands with the number's owner, else with whoever last wrote to the customer from it.
  keywordEngine_->routeInbox([numbers = numbers_.get(), pool = pool_.get()](
                                 const std::string& to, const std::string& from) {
    if (auto owner = numbers->ownerOf(to)) return owner;
    auto c = pool->acquire();
    if (auto last = db::NumberRepository::lastSender(*c, from, to)) return last;
    return to.empty() || to.front() == '+' ? std::int64_t{0}
                                           : db::NumberRepository::lastSender(*c, from, "+" + to);
  });
  sink_->onInboundStored([engine = keywordEngine_.get()](std::vector<db::InboundRecord> m) {
    engine->take(std::move(m));
  });
  keywordRulesApi_ = std::make_unique<KeywordRulesApi>(*keywordRules_, *keywordEngine_);
  optOutsApi_ = std::make_unique<OptOutsApi>(*consent_, *pool_, phones_);
  inboundApi_ = std::make_unique<InboundApi>(*pool_, phones_);
  callbacksApi_ = std::make_unique<CallbacksApi>(providers_);
  entityImports_ = std::make_unique<EntityImports>(*database_, *entities_);
  entityImportApi_ = std::make_unique<EntityImportApi>(*entities_, *entityImports_);
  entitiesApi_ = std::make_unique<EntitiesApi>(*entities_);
  entityTagsApi_ = std::make_unique<EntityTagsApi>(*pool_, *entities_);
  selections_ = std::make_unique<SelectionService>(*pool_, *entities_, phones_);
  selectionsApi_ = std::make_unique<SelectionsApi>(*selections_, *entities_);
  automations_ =
      std::make_unique<AutomationRules>(*pool_, *entities_, *selections_, *templates_, *numbers_);
  automations_->load();
  automationEngine_ = std::make_unique<AutomationEngine>(*automations_, *selections_, *templates_,
                                                         *entities_, *outbox_, config_.maxParts);
  automationEngine_->useConsent(*consent_);
  automationsApi_ = std::make_unique<AutomationsApi>(*automations_, *templates_);
  campaigns_ = std::make_unique<CampaignService>(
      *pool_, *entities_, *selections_, *templates_, *numbers_, *settingsAdmin_,
      CampaignSettings{config_.campaignTimeZone, config_.maxParts});
  scheduler_ = std::make_unique<Scheduler>(*pool_, config_.hostId, config_.campaignLeaseSeconds);
  campaignRunner_ = std::make_unique<CampaignRunner>(
      *pool_, *writer_, *dispatcher_, *entities_, *selections_, *templates_, *consent_, phones_,
      scheduler_->leaseCheck(), CampaignRunnerSettings{config_.campaignWindow, config_.maxParts});
  scheduler_->add(*campaignRunner_);
  campaigns_->onChange([scheduler = scheduler_.get()] { scheduler->wake(); });
  campaignsApi_ = std::make_unique<CampaignsApi>(*campaigns_);
  reminders_ = std::make_unique<ReminderService>(*pool_, *entities_, *selections_, *templates_,
                                                 *numbers_, *settingsAdmin_,
                                                 ReminderSettings{config_.campaignTimeZone});
  reminderRunner_ = std::make_unique<ReminderRunner>(*pool_, *writer_, *dispatcher_, *entities_,
                                                     *selections_, *templates_, *consent_, phones_,
                                                     scheduler_->leaseCheck(), config_.maxParts);
  scheduler_->add(*reminderRunner_);
  reminders_->onChange([runner = reminderRunner_.get(), scheduler = scheduler_.get()] {
    runner->touch();
    scheduler->wake();
  });
  remindersApi_ = std::make_unique<RemindersApi>(*reminders_);
  alerts_ = std::make_unique<AlertService>(*pool_, phones_);
  alertMonitor_ = std::make_unique<AlertMonitor>(*pool_, *writer_, *dispatcher_, *alerts_,
                                                 providers_, *campaigns_, scheduler_->leaseCheck(),
                                                 AlertMonitorSettings{config_.alertCheckSeconds});
  scheduler_->add(*alertMonitor_);
  alerts_->onRaised([scheduler = scheduler_.get()] { scheduler->wake(); });
  alertsApi_ = std::make_unique<AlertsApi>(*alerts_);
  // A staff member's "ACK 17" is theirs, not a customer's keyword.
  keywordEngine_->interceptWith(
      [alerts = alerts_.get()](const std::string& from, const std::string& body) {
        return alerts->acknowledgeByReply(from, body);
      });
  // A row changed: automations act on it, and reminders look again at when the next falls due
  // (the scheduler sleeps until then) and whether it arrived after one fell due.
  entities_->onChange([engine = automationEngine_.get(), reminders = reminderRunner_.get(),
                       alerts = alerts_.get(),
                       scheduler = scheduler_.get()](const EntityChange& c) {
    engine->onChange(c);
    reminders->changed(c.type.name, c.after.id);
    alerts->entityChanged(c);
    scheduler->wake();
  });
  entityImports_->onStored(
      [runner = reminderRunner_.get(), scheduler = scheduler_.get()](const entity::EntityType&) {
        runner->touch();
        scheduler->wake();
      });
  webhookSources_ = std::make_unique<WebhookSources>(*entities_);
  webhooks_ = std::make_unique<WebhookService>(*pool_, *webhookSources_);
  webhookWorker_ = std::make_unique<WebhookWorker>(*pool_, *webhookSources_, config_.webhooks);
  webhooks_->onChange([worker = webhookWorker_.get()] { worker->wake(); });
  webhooksApi_ = std::make_unique<WebhooksApi>(*webhooks_);
  systemApi_ = std::make_unique<SystemApi>(plugins_, providers_, *pool_, metrics_, *dispatcher_,
                                           providerAdmin_->pluginTimeout());
  usersApi_ = std::make_unique<UsersApi>(*userAdmin_);
  configApi_ = std::make_unique<ConfigApi>(*providerAdmin_, *settingsAdmin_, *pool_);
  messagesApi_->registerRoutes(router_);
  systemApi_->registerRoutes(router_);
  usersApi_->registerRoutes(router_);
  configApi_->registerRoutes(router_);
  routesApi_->registerRoutes(router_);
  inboundApi_->registerRoutes(router_);
  callbacksApi_->registerRoutes(router_);
  entityImportApi_->registerRoutes(router_);
  entitiesApi_->registerRoutes(router_);
  entityTagsApi_->registerRoutes(router_);
  selectionsApi_->registerRoutes(router_);
  campaignsApi_->registerRoutes(router_);
  remindersApi_->registerRoutes(router_);
  alertsApi_->registerRoutes(router_);
  webhooksApi_->registerRoutes(router_);
  automationsApi_->registerRoutes(router_);
  templatesApi_->registerRoutes(router_);
  keywordRulesApi_->registerRoutes(router_);
  optOutsApi_->registerRoutes(router_);
  codesApi_->registerRoutes(router_);
  numbersApi_->registerRoutes(router_);
  site_ = std::make_unique<web::AdminSite>(web::SiteServices{
      *sessions_,       *providerAdmin_, *userAdmin_,     *settingsAdmin_, plugins_,
      providers_,       *messagesApi_,   *outbox_,        phones_,         *pool_,
      metrics_,         *routes_,        *keywordRules_,  *keywordEngine_, *entities_,
      *selections_,     *templates_,     *entityImports_, *numbers_,       *webhooks_,
      *webhookSources_, *automations_,   *campaigns_,     *reminders_,     *alerts_});
}

Host::~Host() { stop(); }

void Host::start() {
  if (started_) return;
  writer_->start();
  // From here stop() (and so ~Host) undoes whatever did start, should a later step throw.
  started_ = true;
  // The port first: a taken port stops start-up before any provider or dispatcher runs.
  http_ = std::make_unique<HttpServer>(
      router_, *auth_, metrics_,
      HttpSettings{config_.httpAddress, config_.httpPort, config_.httpThreads,
                   HttpSettings{}.maxBodyBytes, config_.httpLoopThreads},
      SiteHooks{
          [site = site_.get()](SiteHttpRequest& r) { return site->serve(r); },
          [site = site_.get()](const SiteHttpRequest& head) { return site->bodyLimit(head); }});
  http_->start();
  keywordEngine_->start(*pool_);
  providerAdmin_->startLoaded();
  dispatcher_->start();
  scheduler_->start();
  balances_ = std::make_unique<BalanceRefresher>(
      providers_, std::chrono::seconds(config_.balanceRefreshSeconds),
      std::chrono::milliseconds(config_.pluginCallTimeoutMs));
  balances_->start();
  webhookWorker_->start();
  logger_.information("listening on http://%s:%d", config_.httpAddress, http_->port());
  std::ofstream(std::filesystem::path(config_.dataDir) / "pigeond.port") << http_->port() << "\n";
}

void Host::stop() {
  if (!started_) return;
  started_ = false;
  if (http_) http_->stop();
  if (balances_) balances_->stop();
  webhookWorker_->stop();
  scheduler_->stop();  // before the writer: its work writes through it
  dispatcher_->stop();
  providers_.stopAll();
  keywordEngine_->stop();  // finishes what it took; SMS the writer commits later: next start
  writer_->stop();         // applies what the providers reported before they stopped
}

}  // namespace pigeon::host
