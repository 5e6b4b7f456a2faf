#pragma once
// Versioned schema migrations, written once for both backends with dialect tokens.

#include <optional>

#include "db/connection.h"

namespace pigeon::db {

struct Migration {
  int version;
  const char* summary;
  const char* const* statements;  // null-terminated list of DDL with dialect tokens
  // Statements for one backend only; the version is recorded on both all the same.
  std::optional<Backend> only = std::nullopt;
};

// Applies every migration newer than the store's version, each in its own transaction, and
// returns the resulting version. Throws DbError naming the migration that failed.
int migrate(Connection& c);

int latestSchemaVersion();

}  // namespace pigeon::db
