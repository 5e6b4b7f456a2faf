#pragma once
// The embedded store: one SQLite file in WAL mode, opened through Poco::Data.

#include <memory>
#include <string>

#include "db/database.h"
#include "db/sqlite_checkpointer.h"

namespace pigeon::db {

struct SqliteOptions {
  // NORMAL survives kill -9 in WAL mode (only power loss can drop the last commits);
  // FULL also survives power loss, at the cost of an fsync per commit.
  bool synchronousFull = false;
  int busyTimeoutMs = 10000;
  CheckpointLimits checkpoint;  // the store's own checkpoint thread (sqlite_checkpointer.h)
};

std::unique_ptr<Database> makeSqliteDatabase(const std::string& path, SqliteOptions options = {});

}  // namespace pigeon::db
