#pragma once
// What the admin pages work with: the same services the management API uses, so a change made
// on a page is checked, applied and audited exactly as one made through the API.

#include "admin/provider_admin.h"
#include "admin/settings_admin.h"
#include "admin/user_admin.h"
#include "alerts/alert_service.h"
#include "api/messages_api.h"
#include "auth/session_manager.h"
#include "automation/automation_rules.h"
#include "campaigns/campaign_service.h"
#include "db/connection_pool.h"
#include "entities/entity_import.h"
#include "keywords/keyword_engine.h"
#include "keywords/keyword_rules.h"
#include "metrics/metrics.h"
#include "numbers/number_directory.h"
#include "outbox/outbox.h"
#include "phone/phone_normalizer.h"
#include "plugins/plugin_registry.h"
#include "providers/provider_set.h"
#include "reminders/reminder_service.h"
#include "routing/route_service.h"
#include "selections/selection_service.h"
#include "templates/template_service.h"
#include "webhooks/webhook_service.h"
#include "webhooks/webhook_sources.h"

namespace pigeon::web {

struct SiteServices {
  host::SessionManager& sessions;
  host::ProviderAdmin& providerAdmin;
  host::UserAdmin& users;
  host::SettingsAdmin& settings;
  host::PluginRegistry& plugins;
  host::ProviderSet& providers;
  host::MessagesApi& messages;
  host::Outbox& outbox;
  phone::PhoneNormalizer& phones;
  db::ConnectionPool& pool;
  host::Metrics& metrics;
  host::RouteService& routes;
  host::KeywordRules& keywordRules;
  host::KeywordEngine& keywordEngine;
  host::EntityService& entities;
  host::SelectionService& selections;
  host::TemplateService& templates;
  host::EntityImports& imports;
  host::NumberDirectory& numbers;
  host::WebhookService& webhooks;
  const host::WebhookSources& webhookSources;
  host::AutomationRules& automations;
  host::CampaignService& campaigns;
  host::ReminderService& reminders;
  host::AlertService& alerts;
};

}  // namespace pigeon::web
