#pragma once
// A database URL taken apart:
//   sqlite:PATH
//   mysql://USER[:PASS]@HOST[:PORT]/DB    (USER and PASS may be percent-encoded)

#include <string>

#include "db/dialect.h"

namespace pigeon::db {

struct DatabaseUrl {
  Backend backend = Backend::kSqlite;
  std::string path;  // sqlite only
  std::string user, password, host;
  int port = 3306;
  std::string database;
};

// Throws DbError naming the URL (password masked) and what is wrong with it.
DatabaseUrl parseDatabaseUrl(const std::string& url);

// The URL with the password replaced by "***", safe for logs and error messages.
std::string maskDatabaseUrl(const std::string& url);

}  // namespace pigeon::db
