#pragma once
// A Connection to MySQL / MariaDB over Connector/C++ 1.1.
// Every statement runs as a server-side prepared statement, kept per SQL text so a
// statement the gateway repeats thousands of times is parsed by the server once.

#include <memory>
#include <string>
#include <unordered_map>

#include "db/connection.h"

// Connector/C++ stays out of this header, so its users need neither its headers nor the
// Boost some of them include (its own <mysql_connection.h> is an unrelated file).
namespace sql {
class Connection;
class PreparedStatement;
class SQLException;
class Statement;
}  // namespace sql

namespace pigeon::db {

// A DbError carrying the MySQL error code, SQLSTATE and the start of the SQL (or what was
// being done), so a log line alone says which statement failed and why.
DbError mysqlError(const sql::SQLException& e, std::string_view what);

class MysqlConnection : public Connection {
public:
  // Takes an open session and sets it up (strict sql_mode, READ COMMITTED).
  explicit MysqlConnection(std::unique_ptr<sql::Connection> session);
  ~MysqlConnection() override;
  MysqlConnection(const MysqlConnection&) = delete;
  MysqlConnection& operator=(const MysqlConnection&) = delete;

  std::int64_t execute(std::string_view sql, const Params& params = {}) override;
  Rows query(std::string_view sql, const Params& params = {}) override;
  std::int64_t insert(std::string_view sql, const Params& params) override;
  bool consecutiveInsertIds() override;

  void begin() override;
  void commit() override;
  void rollback() override;

  const Dialect& dialect() const override { return dialect_; }

private:
  // The cached statement for this SQL, prepared on first use, with params bound.
  sql::PreparedStatement& prepare(const std::string& sql, const Params& params);
  // Calls fn with the prepared statement; on failure drops it from the cache and throws
  // DbError (retrying once if only the statement's metadata went stale).
  template <typename Fn>
  auto run(const std::string& sql, const Params& params, Fn&& fn);
  // START TRANSACTION, COMMIT, ROLLBACK: one round trip each, in the text protocol.
  void control(const char* sql);

  Dialect dialect_{Backend::kMysql};
  int autoincLockMode_ = -1;  // read on first use
  std::unique_ptr<sql::Connection> session_;
  // Declared after session_ so the statements are closed before the session is.
  std::unique_ptr<sql::Statement> control_;  // the transaction statements
  std::unordered_map<std::string, std::unique_ptr<sql::PreparedStatement>> statements_;
};

}  // namespace pigeon::db
