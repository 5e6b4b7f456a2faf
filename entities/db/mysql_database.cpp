#include "db/mysql_database.h"

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/exception.h>

#include "db/mysql_connection.h"

namespace pigeon::db {

namespace {

constexpr int kConnectTimeoutSeconds = 5;

// An IPv6 address goes in brackets, in URLs as in Connector/C++ host names.
std::string bracketed(const std::string& host) {
  return host.find(':') == std::string::npos ? host : "[" + host + "]";
}

}  // namespace

// get_driver_instance() is not thread-safe on its first call, so it is made here, while
// the database is opened at start-up, and not from worker threads in connect().
MysqlDatabase::MysqlDatabase(DatabaseUrl url)
    : url_(std::move(url)), driver_(get_driver_instance()) {}

std::unique_ptr<Connection> MysqlDatabase::connect() {
  sql::ConnectOptionsMap options;
  // Connector/C++ 1.1 uses TCP even for "localhost" (the mariadb client would use its
  // default socket); the scheme just says so.
  options["hostName"] = sql::SQLString("tcp://" + bracketed(url_.host));
  options["port"] = url_.port;
  options["userName"] = sql::SQLString(url_.user);
  options["password"] = sql::SQLString(url_.password);
  options["schema"] = sql::SQLString(url_.database);
  options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  options["OPT_CONNECT_TIMEOUT"] = kConnectTimeoutSeconds;
  options["OPT_RECONNECT"] = false;  // a silent reconnect would lose session settings
  std::unique_ptr<sql::Connection> session;
  try {
    session.reset(driver_->connect(options));
  } catch (const sql::SQLException& e) {
    throw mysqlError(e, "connect to " + describe());
  }
  return std::make_unique<MysqlConnection>(std::move(session));
}

std::string MysqlDatabase::describe() const {
  std::string auth = url_.user + (url_.password.empty() ? "" : ":***");
  return "mysql://" + auth + "@" + bracketed(url_.host) + ":" + std::to_string(url_.port) + "/" +
         url_.database;
}

std::unique_ptr<Database> makeMysqlDatabase(const DatabaseUrl& url) {
  return std::make_unique<MysqlDatabase>(url);
}

}  // namespace pigeon::db
