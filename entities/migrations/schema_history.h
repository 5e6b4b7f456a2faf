#pragma once
// Every migration of the schema, oldest first: the tables as they grew, one version at a time.

#include <span>

#include "migrations/migrations.h"

namespace pigeon::db {

std::span<const Migration> schemaHistory();

// The statements of later versions, kept in files of their own (campaign_schema.cpp, reminder_schema.cpp, alert_schema.cpp).
extern const char* const kCampaignTables[];
extern const char* const kCampaignProgressSqlite[];
extern const char* const kCampaignProgressMysql[];
extern const char* const kReminderTables[];
extern const char* const kAlertTables[];

}  // namespace pigeon::db
