#pragma once
// A database: opens connections to one store, chosen by URL.
//   sqlite:PATH                        embedded, WAL mode
//   mysql://USER:PASS@HOST:PORT/DB     MySQL / MariaDB through Connector/C++

#include <memory>
#include <string>

#include "db/connection.h"

namespace pigeon::db {

class Database {
public:
  virtual ~Database() = default;
  virtual std::unique_ptr<Connection> connect() = 0;
  virtual const Dialect& dialect() const = 0;
  // The URL with any password replaced by "***", for logs.
  virtual std::string describe() const = 0;
};

// Throws DbError naming the problem when the URL is malformed or the backend unknown.
std::unique_ptr<Database> openDatabase(const std::string& url);

}  // namespace pigeon::db
