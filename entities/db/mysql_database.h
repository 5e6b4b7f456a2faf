#pragma once
// A MySQL / MariaDB server reached through Connector/C++ 1.1; each connect() opens a new
// session (TCP, utf8mb4, 5 s connect timeout).

#include <memory>
#include <string>

#include "db/database.h"
#include "db/database_url.h"

namespace sql {
class Driver;
}  // namespace sql

namespace pigeon::db {

class MysqlDatabase : public Database {
public:
  explicit MysqlDatabase(DatabaseUrl url);

  std::unique_ptr<Connection> connect() override;
  const Dialect& dialect() const override { return dialect_; }
  std::string describe() const override;

private:
  DatabaseUrl url_;
  Dialect dialect_{Backend::kMysql};
  // Owned by Connector/C++ for the life of the process; deleting it crashes.
  sql::Driver* driver_;
};

std::unique_ptr<Database> makeMysqlDatabase(const DatabaseUrl& url);

}  // namespace pigeon::db
