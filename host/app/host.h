#pragma once
// Everything pigeond runs, wired together: store, plugins, providers, outbox, dispatcher, API.
// Built from a HostConfig so tests can run a whole host in-process.

#include <memory>

#include <Poco/Logger.h>

#include "admin/provider_admin.h"
#include "admin/settings_admin.h"
#include "admin/user_admin.h"
#include "alerts/alert_monitor.h"
#include "alerts/alert_service.h"
#include "api/alerts_api.h"
#include "api/automations_api.h"
#include "api/callbacks_api.h"
#include "api/campaigns_api.h"
#include "api/codes_api.h"
#include "api/config_api.h"
#include "api/entities_api.h"
#include "api/entity_import_api.h"
#include "api/entity_tags_api.h"
#include "api/http_server.h"
#include "api/inbound_api.h"
#include "api/keyword_rules_api.h"
#include "api/messages_api.h"
#include "api/numbers_api.h"
#include "api/opt_outs_api.h"
#include "api/reminders_api.h"
#include "api/router.h"
#include "api/routes_api.h"
#include "api/selections_api.h"
#include "api/system_api.h"
#include "api/templates_api.h"
#include "api/users_api.h"
#include "api/webhooks_api.h"
#include "auth/authenticator.h"
#include "auth/session_manager.h"
#include "automation/automation_engine.h"
#include "campaigns/campaign_runner.h"
#include "campaigns/campaign_service.h"
#include "config/host_config.h"
#include "db/connection_pool.h"
#include "db/database.h"
#include "keywords/consent_registry.h"
#include "keywords/keyword_engine.h"
#include "keywords/keyword_rules.h"
#include "keywords/one_time_codes.h"
#include "metrics/metrics.h"
#include "outbox/dispatcher.h"
#include "outbox/outbox.h"
#include "outbox/retry_policy.h"
#include "outbox/status_sink.h"
#include "outbox/store_writer.h"
#include "phone/phone_normalizer.h"
#include "plugins/plugin_registry.h"
#include "providers/balance_refresher.h"
#include "providers/provider_set.h"
#include "reminders/reminder_runner.h"
#include "reminders/reminder_service.h"
#include "routing/route_service.h"
#include "scheduling/scheduler.h"
#include "webhooks/webhook_worker.h"

namespace pigeon::web {
class AdminSite;
}

namespace pigeon::host {

class Host {
public:
  // Opens the store, migrates it, loads plugins and creates provider instances. Throws
  // ConfigError / db::DbError naming what is wrong; nothing starts serving before start().
  explicit Host(HostConfig config);
  ~Host();

  void start();
  void stop();  // safe after a start() that threw half-way

  int httpPort() const { return http_ ? http_->port() : 0; }
  PluginRegistry& plugins() { return plugins_; }
  ProviderSet& providers() { return providers_; }
  RouteService& routes() { return *routes_; }
  ProviderAdmin& providerAdmin() { return *providerAdmin_; }
  UserAdmin& userAdmin() { return *userAdmin_; }
  SettingsAdmin& settingsAdmin() { return *settingsAdmin_; }
  Outbox& outbox() { return *outbox_; }
  Metrics& metrics() { return metrics_; }
  db::Database& database() { return *database_; }
  KeywordRules& keywordRules() { return *keywordRules_; }
  KeywordEngine& keywordEngine() { return *keywordEngine_; }
  ConsentRegistry& consent() { return *consent_; }
  EntityService& entities() { return *entities_; }
  Scheduler& scheduler() { return *scheduler_; }
  const HostConfig& config() const { return config_; }

private:
  HostConfig config_;
  Poco::Logger& logger_;
  Metrics metrics_;
  std::unique_ptr<db::Database> database_;
  std::unique_ptr<db::ConnectionPool> pool_;
  PluginRegistry plugins_;
  ProviderSet providers_;
  std::unique_ptr<RouteService> routes_;
  phone::PhoneNormalizer phones_;
  RetryPolicy retry_;
  std::unique_ptr<StoreWriter> writer_;
  std::unique_ptr<StatusSink> sink_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<Outbox> outbox_;
  std::unique_ptr<ProviderAdmin> providerAdmin_;
  std::unique_ptr<Authenticator> auth_;
  std::unique_ptr<SessionManager> sessions_;
  std::unique_ptr<UserAdmin> userAdmin_;
  std::unique_ptr<SettingsAdmin> settingsAdmin_;
  Router router_;
  std::unique_ptr<MessagesApi> messagesApi_;
  std::unique_ptr<SystemApi> systemApi_;
  std::unique_ptr<UsersApi> usersApi_;
  std::unique_ptr<ConfigApi> configApi_;
  std::unique_ptr<RoutesApi> routesApi_;
  std::unique_ptr<InboundApi> inboundApi_;
  std::unique_ptr<CallbacksApi> callbacksApi_;
  std::unique_ptr<EntityService> entities_;
  std::unique_ptr<EntityImports> entityImports_;
  std::unique_ptr<EntityImportApi> entityImportApi_;
  std::unique_ptr<EntitiesApi> entitiesApi_;
  std::unique_ptr<TemplateService> templates_;
  std::unique_ptr<TemplatesApi> templatesApi_;
  std::unique_ptr<SelectionService> selections_;
  std::unique_ptr<SelectionsApi> selectionsApi_;
  std::unique_ptr<AutomationRules> automations_;
  std::unique_ptr<AutomationEngine> automationEngine_;
  std::unique_ptr<AutomationsApi> automationsApi_;
  std::unique_ptr<Scheduler> scheduler_;
  std::unique_ptr<CampaignService> campaigns_;
  std::unique_ptr<CampaignRunner> campaignRunner_;
  std::unique_ptr<CampaignsApi> campaignsApi_;
  std::unique_ptr<ReminderService> reminders_;
  std::unique_ptr<ReminderRunner> reminderRunner_;
  std::unique_ptr<RemindersApi> remindersApi_;
  std::unique_ptr<AlertService> alerts_;
  std::unique_ptr<AlertMonitor> alertMonitor_;
  std::unique_ptr<AlertsApi> alertsApi_;
  std::unique_ptr<WebhookSources> webhookSources_;
  std::unique_ptr<WebhookService> webhooks_;
  std::unique_ptr<WebhookWorker> webhookWorker_;
  std::unique_ptr<WebhooksApi> webhooksApi_;
  std::unique_ptr<EntityTagsApi> entityTagsApi_;
  std::unique_ptr<ConsentRegistry> consent_;
  std::unique_ptr<KeywordRules> keywordRules_;
  std::unique_ptr<OneTimeCodes> codes_;
  std::unique_ptr<NumberDirectory> numbers_;
  std::unique_ptr<NumbersApi> numbersApi_;
  std::unique_ptr<CodesApi> codesApi_;
  std::unique_ptr<KeywordEngine> keywordEngine_;
  std::unique_ptr<KeywordRulesApi> keywordRulesApi_;
  std::unique_ptr<OptOutsApi> optOutsApi_;
  std::unique_ptr<web::AdminSite> site_;
  std::unique_ptr<BalanceRefresher> balances_;
  std::unique_ptr<HttpServer> http_;
  bool started_ = false;
};

}  // namespace pigeon::host
