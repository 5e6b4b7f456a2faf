#pragma once
// A fresh, empty store for one test, on each backend this run has: SQLite always, MariaDB when
// PIGEON_TEST_MYSQL_URL is set (make test starts a throwaway server and sets it). In CI
// (CI set) a missing MariaDB fails the test instead of skipping it.

#include <memory>
#include <string>
#include <vector>

#include "db/database.h"
#include "support/temp_dir.h"

namespace pigeon::test {

// "sqlite", and "mysql" when available; use with GENERATE(from_range(storeBackends())).
std::vector<std::string> storeBackends();

class TestStore {
public:
  explicit TestStore(const std::string& backend);
  ~TestStore();

  const std::string& url() const { return url_; }
  const std::string& backend() const { return backend_; }
  db::Database& database() { return *database_; }
  const TempDir& dir() const { return dir_; }

private:
  std::string backend_;
  TempDir dir_;
  std::string url_;
  std::string adminUrl_;    // mysql: the database the server was started with
  std::string schemaName_;  // mysql: this test's own database
  std::unique_ptr<db::Database> database_;
};

}  // namespace pigeon::test
