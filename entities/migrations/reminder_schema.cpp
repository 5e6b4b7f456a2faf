// Reminders: rules that text a row (an appointment) at set offsets before one of its times,
// the cursor of each rule and offset, and one row per reminder decided.

#include "migrations/schema_history.h"

namespace pigeon::db {

const char* const kReminderTables[] = {
    // offsets: minutes before the time field, comma separated (at most three). criteria: a
    // selection's JSON the row must meet when its reminder falls due. quiet_from / quiet_to:
    // minutes of the day, NULL: none. group_field: the field the report and the day's queue
    // are grouped by (an appointment's branch).
    "CREATE TABLE reminder_rules (id {pk}, name {str} NOT NULL, entity_type {str} NOT NULL,"
    " time_field {str} NOT NULL, offsets {str} NOT NULL, template_id BIGINT NOT NULL,"
    " from_number {str}, from_instance {str}, quiet_from INTEGER, quiet_to INTEGER,"
    " time_zone {str} NOT NULL, group_field {str}, criteria {text}, enabled SMALLINT NOT NULL,"
    " created_by {str}, created_by_id BIGINT NOT NULL, created_at BIGINT NOT NULL,"
    " updated_at BIGINT NOT NULL){table_options}",
    "CREATE UNIQUE INDEX reminder_rules_name ON reminder_rules (name)",
    // Where a rule's scan for one offset stands: every row up to (after_time, after_id) in
    // (time, id) order has been decided.
    "CREATE TABLE reminder_cursors (rule_id BIGINT NOT NULL, offset_min INTEGER NOT NULL,"
    " after_time BIGINT NOT NULL, after_id BIGINT NOT NULL,"
    " PRIMARY KEY (rule_id, offset_min)){table_options}",
    // state: 0 pending (held by quiet hours until due_at), 1 sent (message_id), 2 skipped
    // (reason). One row per rule, row, offset and time: a row whose time moves is reminded
    // again for the new one, never twice for the same.
    "CREATE TABLE reminders (id {pk}, rule_id BIGINT NOT NULL, entity_id BIGINT NOT NULL,"
    " offset_min INTEGER NOT NULL, starts_at BIGINT NOT NULL, due_at BIGINT NOT NULL,"
    " state SMALLINT NOT NULL, reason VARCHAR(32), group_value {str}, message_id BIGINT,"
    " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL){table_options}",
    "CREATE UNIQUE INDEX reminders_once ON reminders (rule_id, entity_id, offset_min, starts_at)",
    "CREATE INDEX reminders_pending ON reminders (state, due_at)",
    "CREATE INDEX reminders_due ON reminders (rule_id, due_at)", nullptr};

}  // namespace pigeon::db
