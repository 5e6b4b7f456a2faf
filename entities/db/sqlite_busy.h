#pragma once
// How a SQLite connection waits for a lock another connection holds. SQLite's own busy
// timeout sleeps 1, 2, 5, 10, 15, 20, 25, 25... ms between tries, so a writer that meets the
// lock held for 12 ms (a RESTART checkpoint rewinding the WAL, every second or so under load)
// sleeps 33 ms, and every message behind it waits that long. This tries every millisecond.

struct sqlite3;

namespace pigeon::db {

// Replaces the connection's busy handler: try again every millisecond for about timeoutMs,
// then give up with SQLITE_BUSY.
void retryBusyEveryMillisecond(sqlite3* handle, int timeoutMs);

}  // namespace pigeon::db
