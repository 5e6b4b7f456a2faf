// Staff alerts: the groups of staff they go to, the rules that raise them (the host's own
// checks, entity changes, or the API), and each alert with its notifications and who
// acknowledged it.

#include "migrations/schema_history.h"

namespace pigeon::db {

const char* const kAlertTables[] = {
    "CREATE TABLE staff_groups (id {pk}, name {str} NOT NULL, created_at BIGINT NOT NULL,"
    " updated_at BIGINT NOT NULL){table_options}",
    "CREATE UNIQUE INDEX staff_groups_name ON staff_groups (name)",
    "CREATE TABLE staff_members (group_id BIGINT NOT NULL, phone VARCHAR(32) NOT NULL,"
    " name {str}, PRIMARY KEY (group_id, phone)){table_options}",
    "CREATE INDEX staff_members_phone ON staff_members (phone)",
    // kind: what raises it (provider_down, balance_low, queue_stale, campaign_failed,
    // case_escalated, api). subject: the provider instance it watches (empty: every one).
    // threshold: the kind's number (seconds down, balance, minutes, failed percent).
    // dedupe_s: an alert raised again within this of the last one for the same thing is
    // counted, not sent again. max_per_hour: notifications the rule sends in an hour at most.
    // repeat_s: an alarm nobody acknowledged is sent again this often (0: never).
    "CREATE TABLE alert_rules (id {pk}, name {str} NOT NULL, kind {str} NOT NULL,"
    " severity {str} NOT NULL, group_id BIGINT NOT NULL, subject {str}, threshold DOUBLE,"
    " message {text}, dedupe_s INTEGER NOT NULL, max_per_hour INTEGER NOT NULL,"
    " repeat_s INTEGER NOT NULL, enabled SMALLINT NOT NULL, created_by {str},"
    " created_by_id BIGINT NOT NULL, created_at BIGINT NOT NULL,"
    " updated_at BIGINT NOT NULL){table_options}",
    "CREATE UNIQUE INDEX alert_rules_name ON alert_rules (name)",
    // state: open -> acknowledged (a member replied) | resolved (the condition cleared, or
    // by hand). dedupe_key names the thing (provider_down:sim, case:12). occurrences: raised
    // again while open. notified_at: the last notification (NULL: none yet); notifications:
    // SMS sent for it; suppressed: notifications the rule's rate limit held back.
    "CREATE TABLE alerts (id {pk}, rule_id BIGINT NOT NULL, dedupe_key {str} NOT NULL,"
    " severity {str} NOT NULL, text {text} NOT NULL, state {str} NOT NULL,"
    " raised_at BIGINT NOT NULL, last_raised_at BIGINT NOT NULL, occurrences INTEGER NOT NULL,"
    " notified_at BIGINT, notifications INTEGER NOT NULL DEFAULT 0,"
    " suppressed INTEGER NOT NULL DEFAULT 0, acknowledged_by {str}, acknowledged_at BIGINT,"
    " resolved_at BIGINT){table_options}",
    "CREATE INDEX alerts_key ON alerts (rule_id, dedupe_key, state)",
    "CREATE INDEX alerts_state ON alerts (state, raised_at)", nullptr};

}  // namespace pigeon::db
