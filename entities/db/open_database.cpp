#include "db/database.h"

#include <array>

#include "db/database_url.h"
#include "db/mysql_database.h"
#include "db/sqlite_database.h"

namespace pigeon::db {

namespace {

struct Factory {
  Backend backend;
  std::unique_ptr<Database> (*make)(const DatabaseUrl& url);
};

constexpr std::array<Factory, 2> kFactories{{
    {Backend::kSqlite, [](const DatabaseUrl& u) { return makeSqliteDatabase(u.path); }},
    {Backend::kMysql, makeMysqlDatabase},
}};

}  // namespace

std::unique_ptr<Database> openDatabase(const std::string& url) {
  auto parsed = parseDatabaseUrl(url);
  for (const auto& f : kFactories)
    if (f.backend == parsed.backend) return f.make(parsed);
  throw DbError("no backend compiled in for database url '" + maskDatabaseUrl(url) + "'");
}

}  // namespace pigeon::db
