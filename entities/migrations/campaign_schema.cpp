// Campaigns: the campaign (what, to whom, from which number, when and how fast), its frozen
// recipient list, and the leases that let one host at a time run the scheduler.

#include "migrations/schema_history.h"

namespace pigeon::db {

const char* const kCampaignTables[] = {
    // state: draft -> scheduled -> running <-> paused -> completed | cancelled. Freezing walks
    // the selection by row id: frozen_after is where a freeze interrupted by a crash goes on
    // from, frozen_at when it finished. zones: the recipients' time zones, as JSON; a
    // recipient names one by its position. recipients, queued and skipped (JSON: reason ->
    // count) are kept by whoever freezes and feeds, in the same transaction. inbound_after: the
    // last inbound SMS before the start (replies come after it).
    "CREATE TABLE campaigns (id {pk}, name {str} NOT NULL, state {str} NOT NULL,"
    " entity_type {str} NOT NULL, selection_id BIGINT NOT NULL, template_id BIGINT, body {text},"
    " from_number {str}, from_instance {str}, priority INTEGER NOT NULL,"
    " starts_at BIGINT NOT NULL, ends_at BIGINT, quiet_from INTEGER, quiet_to INTEGER,"
    " time_zone {str} NOT NULL, rate_per_s INTEGER NOT NULL, created_by {str},"
    " created_by_id BIGINT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,"
    " started_at BIGINT, frozen_after BIGINT, frozen_at BIGINT, finished_at BIGINT, zones {text},"
    " recipients BIGINT NOT NULL DEFAULT 0, queued BIGINT NOT NULL DEFAULT 0, skipped {text},"
    " inbound_after BIGINT, last_error {text}){table_options}",
    "CREATE UNIQUE INDEX campaigns_name ON campaigns (name)",
    "CREATE INDEX campaigns_state ON campaigns (state)",
    // state: 0 waits, 1 queued (a message with this campaign_id and number exists), 2 skipped
    // (reason says why). One row per number: a number two rows share is texted once. The
    // entity's row id is the order they go in. body: the rendered text (NULL: the campaign's).
    "CREATE TABLE campaign_recipients (campaign_id BIGINT NOT NULL, entity_id BIGINT NOT NULL,"
    " to_number VARCHAR(32) NOT NULL, zone INTEGER NOT NULL, state SMALLINT NOT NULL,"
    " body {text}, reason VARCHAR(32), PRIMARY KEY (campaign_id, entity_id)){table_options}",
    "CREATE UNIQUE INDEX campaign_recipients_number ON campaign_recipients (campaign_id, "
    "to_number)",
    "CREATE INDEX campaign_recipients_due ON campaign_recipients (campaign_id, zone, state, "
    "entity_id)",
    // A lease is held by `owner` until `until` (ms); another host may take it after that.
    "CREATE TABLE leases (name VARCHAR(64) NOT NULL PRIMARY KEY, owner {str},"
    " until BIGINT NOT NULL){table_options}",
    "INSERT INTO leases (name, owner, until) VALUES ('scheduler', NULL, 0)", nullptr};

// A campaign's progress counts its messages by status. SQLite indexes only the messages of
// campaigns; MySQL has no partial indexes.
const char* const kCampaignProgressSqlite[] = {
    "CREATE INDEX messages_campaign_status ON messages (campaign_id, status)"
    " WHERE campaign_id IS NOT NULL",
    nullptr};
const char* const kCampaignProgressMysql[] = {
    "CREATE INDEX messages_campaign_status ON messages (campaign_id, status)", nullptr};

}  // namespace pigeon::db
