#include "migrations/schema_history.h"

#include <array>

namespace pigeon::db {

namespace {

// Every table's timestamps are milliseconds since the Unix epoch, UTC.
constexpr const char* kV1[] = {
    "CREATE TABLE users (id {pk}, name {str} NOT NULL, password_hash {str} NOT NULL,"
    " rights {text} NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,"
    " created_at BIGINT NOT NULL, UNIQUE (name)){table_options}",

    "CREATE TABLE api_keys (id {pk}, user_id BIGINT NOT NULL, token_hash {str} NOT NULL,"
    " label {str}, created_at BIGINT NOT NULL, revoked_at BIGINT,"
    " UNIQUE (token_hash)){table_options}",

    // The outbox. status: queued -> sending (claimed under a lease) -> submitted -> delivered |
    // failed | expired; rejected never leaves the host.
    "CREATE TABLE messages (id {pk}, user_id BIGINT NOT NULL, reference {str},"
    " to_number {str} NOT NULL, from_number {str}, body {text} NOT NULL,"
    " encoding {str} NOT NULL, parts INTEGER NOT NULL, priority INTEGER NOT NULL,"
    " requested_provider {str}, provider {str}, status {str} NOT NULL,"
    " attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at BIGINT NOT NULL,"
    " lease_owner {str}, lease_until BIGINT, provider_message_id {str},"
    " error_code {str}, error_message {text},"
    " created_at BIGINT NOT NULL, submitted_at BIGINT, done_at BIGINT, updated_at BIGINT NOT NULL,"
    " UNIQUE (user_id, reference)){table_options}",
    "CREATE INDEX messages_claim ON messages (status, priority, next_attempt_at)",
    "CREATE INDEX messages_provider_id ON messages (provider, provider_message_id)",
    "CREATE INDEX messages_to ON messages (to_number, id)",

    // The timeline's exceptional entries (retries, requeues). The usual ones are columns of
    // messages (created_at, submitted_at, done_at): most messages never write an event row.
    "CREATE TABLE message_events (id {pk}, message_id BIGINT NOT NULL, at BIGINT NOT NULL,"
    " status {str} NOT NULL, provider {str}, provider_message_id {str}, error_code {str},"
    " detail {text}){table_options}",
    "CREATE INDEX message_events_message ON message_events (message_id, id)",

    "CREATE TABLE settings (name VARCHAR(191) NOT NULL PRIMARY KEY, value {text} NOT NULL)"
    "{table_options}",
    nullptr};

// The admin site: roles and lockout on users, login sessions, the audit log, and provider
// instances added in the admin (those from the config file stay in the file).
constexpr const char* kV2[] = {
    "ALTER TABLE users ADD COLUMN role VARCHAR(32) NOT NULL DEFAULT 'custom'",
    "ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE users ADD COLUMN locked_until BIGINT",
    "CREATE TABLE admin_sessions (id {pk}, token_hash {str} NOT NULL, user_id BIGINT NOT NULL,"
    " csrf {str} NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,"
    " UNIQUE (token_hash)){table_options}",
    "CREATE INDEX admin_sessions_user ON admin_sessions (user_id)",
    "CREATE TABLE audit_log (id {pk}, at BIGINT NOT NULL, user_id BIGINT NOT NULL,"
    " user_name {str} NOT NULL, action {str} NOT NULL, target {str} NOT NULL,"
    " before_value {text}, after_value {text}){table_options}",
    "CREATE TABLE provider_instances (name VARCHAR(191) NOT NULL PRIMARY KEY,"
    " plugin {str} NOT NULL, settings {text} NOT NULL, updated_at BIGINT NOT NULL)"
    "{table_options}",
    nullptr};

// Routing and inbound: a message's tag (routes match it) and how many instances of its route
// answered no_route (the next attempt starts after them); the MT routing table; inbound SMS.
constexpr const char* kV3[] = {
    "ALTER TABLE messages ADD COLUMN tag {str}",
    "ALTER TABLE messages ADD COLUMN route_skip INTEGER NOT NULL DEFAULT 0",
    "CREATE TABLE routes (position INTEGER NOT NULL PRIMARY KEY, name {str} NOT NULL,"
    " prefix {str}, sender {str}, tag {str}, provider {str}, instances {text} NOT NULL)"
    "{table_options}",
    "CREATE TABLE inbound_messages (id {pk}, instance {str} NOT NULL, from_number {str} NOT NULL,"
    " to_number {str} NOT NULL, body {text} NOT NULL, provider_message_id {str},"
    " received_at BIGINT NOT NULL){table_options}",
    "CREATE INDEX inbound_messages_from ON inbound_messages (from_number, id)",
    nullptr};

// SQLite only: outbox indexes that hold just the rows their queries look for (partial
// indexes), so a message enters and leaves the claim index once instead of moving within it
// at every step, and a delivered one is in none of them. MySQL has no partial indexes; its
// claim index (status first) serves the same queries.
constexpr const char* kV4[] = {
    "DROP INDEX messages_claim",
    "CREATE INDEX messages_queued ON messages (priority, next_attempt_at) WHERE status = 'queued'",
    "CREATE INDEX messages_leased ON messages (lease_until) WHERE status = 'sending'",
    "CREATE INDEX messages_unreported ON messages (submitted_at) WHERE status = 'submitted'",
    "DROP INDEX messages_provider_id",
    "CREATE INDEX messages_provider_id ON messages (provider, provider_message_id)"
    " WHERE provider_message_id IS NOT NULL",
    nullptr};

// Entity types come from plugins, so their tables are made by EntityTables, not here; this
// table remembers each column's declared type, so a type that changes is noticed, not mixed.
constexpr const char* kV5[] = {
    "CREATE TABLE entity_columns (entity_type {str} NOT NULL, field {str} NOT NULL,"
    " field_type {str} NOT NULL, added_at BIGINT NOT NULL, PRIMARY KEY (entity_type, field))"
    "{table_options}",
    // The admin role holds every right, manage_entities (new here) included.
    "UPDATE users SET rights = 'send_single send_bulk view_single view_bulk manage_providers"
    " manage_rules manage_users view_personal_data manage_entities' WHERE role = 'admin'",
    nullptr};

// Message templates: mustache text over one entity type's fields and its references'.
constexpr const char* kV6[] = {
    "CREATE TABLE templates (id {pk}, name {str} NOT NULL, entity_type {str} NOT NULL,"
    " body {text} NOT NULL, locale {str} NOT NULL, utc_offset_minutes INTEGER NOT NULL,"
    " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL){table_options}",
    "CREATE UNIQUE INDEX templates_name ON templates (name)",
    "UPDATE users SET rights = 'send_single send_bulk view_single view_bulk manage_providers"
    " manage_rules manage_users view_personal_data manage_entities manage_templates'"
    " WHERE role = 'admin'",
    nullptr};

// The inbound keyword engine: the ordered rule table (opt-out on by default, with the opt-out
// plugin's own words), the consent ledger and who is opted out now, and what became of each
// inbound SMS (the entity it came from, the rule it matched, what the handler did).
constexpr const char* kV7[] = {
    "CREATE TABLE keyword_rules (id {pk}, position INTEGER NOT NULL, name {str} NOT NULL,"
    " keywords {text} NOT NULL, match_mode {str} NOT NULL, number {str}, handler {str} NOT NULL,"
    " settings {text} NOT NULL, separators {str} NOT NULL, enabled INTEGER NOT NULL,"
    " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL){table_options}",
    "CREATE UNIQUE INDEX keyword_rules_name ON keyword_rules (name)",
    "INSERT INTO keyword_rules (position, name, keywords, match_mode, number, handler, settings,"
    " separators, enabled, created_at, updated_at) VALUES (10, 'opt-out', '', 'first_word', NULL,"
    " 'pigeon.keyword.optout', '{}', ' ,:;.!?', 1, 0, 0)",
    "CREATE TABLE opt_outs (phone VARCHAR(32) NOT NULL PRIMARY KEY, since BIGINT NOT NULL,"
    " channel {str} NOT NULL){table_options}",
    "CREATE TABLE consent_events (id {pk}, phone VARCHAR(32) NOT NULL, action {str} NOT NULL,"
    " channel {str} NOT NULL, detail {text}, inbound_id BIGINT, user_name {str},"
    " at BIGINT NOT NULL){table_options}",
    "CREATE INDEX consent_events_phone ON consent_events (phone, id)",
    "ALTER TABLE inbound_messages ADD COLUMN entity_type {str}",
    "ALTER TABLE inbound_messages ADD COLUMN entity_id BIGINT",
    "ALTER TABLE inbound_messages ADD COLUMN rule_id BIGINT",
    "ALTER TABLE inbound_messages ADD COLUMN outcome {text}",
    "ALTER TABLE inbound_messages ADD COLUMN handled_at BIGINT",
    "CREATE INDEX inbound_messages_handled ON inbound_messages (handled_at, id)",
    nullptr};

// One-time codes the keyword_code plugin sends and the CRM verifies: only a hash is kept. The
// opt-out rule answers a text that is only the word ("Cancel my 3 pm visit" is no opt-out),
// and SMS received before the keyword engine are not handled by it after the upgrade.
constexpr const char* kV8[] = {
    "UPDATE keyword_rules SET match_mode = 'whole_text' WHERE name = 'opt-out' AND created_at = 0",
    "UPDATE keyword_rules SET created_at = {now_ms}, updated_at = {now_ms} WHERE created_at = 0",
    "UPDATE inbound_messages SET handled_at = received_at,"
    " outcome = 'received before the keyword engine' WHERE handled_at IS NULL",
    "CREATE TABLE one_time_codes (id {pk}, phone VARCHAR(32) NOT NULL, purpose {str} NOT NULL,"
    " code_hash {str} NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,"
    " attempts INTEGER NOT NULL DEFAULT 0, used_at BIGINT){table_options}",
    "CREATE INDEX one_time_codes_phone ON one_time_codes (phone, purpose, id)",
    nullptr};

// Sender numbers, the users who may send from each (with a default), and the inbox: whose
// inbound SMS each one is.
constexpr const char* kV9[] = {
    "CREATE TABLE sender_numbers (id {pk}, number {str} NOT NULL, instance {str}, label {str},"
    " owner_user_id BIGINT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)"
    "{table_options}",
    "CREATE UNIQUE INDEX sender_numbers_number ON sender_numbers (number)",
    "CREATE TABLE user_numbers (user_id BIGINT NOT NULL, number_id BIGINT NOT NULL,"
    " is_default INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (user_id, number_id)){table_options}",
    "ALTER TABLE inbound_messages ADD COLUMN user_id BIGINT",
    "CREATE INDEX inbound_messages_user ON inbound_messages (user_id, id)",
    nullptr};

// Selections (named criteria over an entity type), tags on entity rows, and the campaign a
// message was sent for (campaigns fill it; selections ask "delivered in campaign X").
constexpr const char* kV10[] = {
    "CREATE TABLE selections (id {pk}, name {str} NOT NULL, entity_type {str} NOT NULL,"
    " criteria {text} NOT NULL, utc_offset_minutes INTEGER NOT NULL, created_by {str},"
    " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL){table_options}",
    "CREATE UNIQUE INDEX selections_name ON selections (name)",
    "CREATE TABLE entity_tags (entity_type VARCHAR(64) NOT NULL, tag VARCHAR(64) NOT NULL,"
    " entity_id BIGINT NOT NULL, PRIMARY KEY (entity_type, tag, entity_id)){table_options}",
    "CREATE INDEX entity_tags_row ON entity_tags (entity_type, entity_id)",
    "ALTER TABLE messages ADD COLUMN campaign_id BIGINT",
    "CREATE INDEX messages_campaign ON messages (campaign_id, to_number)",
    nullptr};

// Webhooks: the CRM's URLs, the events they want, and the POSTs to them, each kept until it
// is answered with 2xx or given up; a cursor per event source marks what was handed on.
constexpr const char* kV11[] = {
    "CREATE TABLE webhooks (id {pk}, url {text} NOT NULL, events {text} NOT NULL,"
    " secret {str} NOT NULL, enabled SMALLINT NOT NULL, created_by {str},"
    " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL){table_options}",
    "CREATE TABLE webhook_deliveries (id {pk}, webhook_id BIGINT NOT NULL, events {str} NOT NULL,"
    " body {text} NOT NULL, event_count INTEGER NOT NULL, state {str} NOT NULL,"
    " attempts INTEGER NOT NULL, next_at BIGINT NOT NULL, last_status INTEGER,"
    " last_error {text}, created_at BIGINT NOT NULL, finished_at BIGINT){table_options}",
    "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_at)",
    "CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, id)",
    "CREATE TABLE webhook_cursors (source VARCHAR(191) NOT NULL PRIMARY KEY,"
    " last_at BIGINT NOT NULL, last_id BIGINT NOT NULL){table_options}",
    // Delivery reports are read by the time messages reached their final state.
    "CREATE INDEX messages_done ON messages (done_at, id)", nullptr};

// Automations: "when a row of type T is created or changed and C holds, send template X".
constexpr const char* kV12[] = {
    "CREATE TABLE automations (id {pk}, name {str} NOT NULL, entity_type {str} NOT NULL,"
    " trigger_on {str} NOT NULL, watch_fields {text} NOT NULL, criteria {text} NOT NULL,"
    " template_id BIGINT NOT NULL, to_field {str}, from_number {str}, enabled SMALLINT NOT NULL,"
    " created_by {str}, created_by_id BIGINT NOT NULL, created_at BIGINT NOT NULL,"
    " updated_at BIGINT NOT NULL){table_options}",
    "CREATE UNIQUE INDEX automations_name ON automations (name)", nullptr};

// Automations send from a number's provider instance; old webhook deliveries are pruned.
constexpr const char* kV13[] = {
    "ALTER TABLE automations ADD COLUMN from_instance {str}",
    "CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (finished_at)", nullptr};

constexpr std::array<Migration, 18> kMigrations{{
    {1, "users, api keys, outbox, message events, settings", kV1},
    {2, "roles, lockout, admin sessions, audit log, admin-made provider instances", kV2},
    {3, "message tags and route steps, routing table, inbound messages", kV3},
    {4, "partial outbox indexes", kV4, Backend::kSqlite},
    {5, "the declared types of entity columns; manage_entities for admins", kV5},
    {6, "message templates; manage_templates for admins", kV6},
    {7, "keyword rules, the consent ledger, what became of each inbound SMS", kV7},
    {8, "one-time codes; the opt-out rule matches whole texts", kV8},
    {9, "sender numbers, their users, the inbox", kV9},
    {10, "selections, entity tags, the campaign of a message", kV10},
    {11, "webhooks, their deliveries and event cursors", kV11},
    {12, "automations", kV12},
    {13, "the instance an automation sends from; pruning webhook deliveries", kV13},
    {14, "campaigns, their recipients, leases", kCampaignTables},
    {15, "campaign progress index (SQLite)", kCampaignProgressSqlite, Backend::kSqlite},
    {16, "campaign progress index (MySQL)", kCampaignProgressMysql, Backend::kMysql},
    {17, "reminder rules, their cursors, reminders", kReminderTables},
    {18, "staff groups, alert rules, alerts", kAlertTables},
}};

}  // namespace

std::span<const Migration> schemaHistory() { return kMigrations; }

}  // namespace pigeon::db
