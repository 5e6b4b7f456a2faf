#pragma once
// A SQLite connection. Poco::Data opens and owns the session; statements run through a cache
// of prepared statements on the session's handle, because Poco::Data prepares a statement
// anew for every Statement object and the send path runs the same few statements millions
// of times (docs/PERFORMANCE.md has the figures).

#include <memory>
#include <string>
#include <unordered_map>

#include <Poco/Data/Session.h>

#include "db/connection.h"
#include "db/sqlite_database.h"

struct sqlite3;
struct sqlite3_stmt;

namespace pigeon::db {

class SqliteConnection : public Connection {
public:
  // With a checkpointer, commits never checkpoint: they report the WAL's size to it instead.
  SqliteConnection(const std::string& path, const SqliteOptions& options,
                   std::shared_ptr<SqliteCheckpointer> checkpointer = nullptr);
  ~SqliteConnection() override;

  std::int64_t execute(std::string_view sql, const Params& params) override;
  Rows query(std::string_view sql, const Params& params) override;
  std::int64_t insert(std::string_view sql, const Params& params) override;
  void begin() override;
  void commit() override;
  void rollback() override;
  const Dialect& dialect() const override { return dialect_; }

private:
  sqlite3_stmt* prepared(std::string_view sql, const Params& params);
  [[noreturn]] void fail(std::string_view sql, int rc) const;

  Poco::Data::Session session_;
  sqlite3* handle_;
  std::shared_ptr<SqliteCheckpointer> checkpointer_;
  Dialect dialect_{Backend::kSqlite};
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace pigeon::db
