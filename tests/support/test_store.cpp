#include "support/test_store.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include "db/database_url.h"

namespace pigeon::test {

namespace {

const char* mysqlUrl() {
  const char* url = std::getenv("PIGEON_TEST_MYSQL_URL");
  return url && *url ? url : nullptr;
}

}  // namespace

std::vector<std::string> storeBackends() {
  std::vector<std::string> out{"sqlite"};
  if (mysqlUrl())
    out.push_back("mysql");
  else if (std::getenv("CI"))
    throw std::runtime_error(
        "CI is set but PIGEON_TEST_MYSQL_URL is not: the MariaDB tests must run in CI");
  return out;
}

TestStore::TestStore(const std::string& backend) : backend_(backend) {
  if (backend == "sqlite") {
    url_ = "sqlite:" + dir_.file("store.db");
    database_ = db::openDatabase(url_);
    return;
  }
  if (!mysqlUrl())
    throw std::runtime_error("no MariaDB for this test: PIGEON_TEST_MYSQL_URL is not set");
  adminUrl_ = mysqlUrl();
  auto parsed = db::parseDatabaseUrl(adminUrl_);
  // Parallel tests must not share tables: each gets its own database on the server.
  static std::atomic<int> counter{0};
  schemaName_ =
      parsed.database + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  {
    auto admin = db::openDatabase(adminUrl_);
    auto c = admin->connect();
    c->execute("DROP DATABASE IF EXISTS `" + schemaName_ + "`", {});
    c->execute("CREATE DATABASE `" + schemaName_ + "` CHARACTER SET utf8mb4", {});
  }
  url_ = adminUrl_.substr(0, adminUrl_.rfind('/') + 1) + schemaName_;
  database_ = db::openDatabase(url_);
}

TestStore::~TestStore() {
  database_.reset();
  if (schemaName_.empty()) return;
  try {
    auto admin = db::openDatabase(adminUrl_);
    admin->connect()->execute("DROP DATABASE IF EXISTS `" + schemaName_ + "`", {});
  } catch (...) {
  }
}

}  // namespace pigeon::test
