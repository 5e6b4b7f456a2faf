#include "db/sqlite_database.h"

#include <filesystem>

#include "db/sqlite_connection.h"

namespace pigeon::db {

namespace {

class SqliteDatabase : public Database {
public:
  SqliteDatabase(std::string path, SqliteOptions options)
      : path_(std::move(path)), options_(options) {
    auto parent = std::filesystem::path(path_).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    checkpointer_ = std::make_shared<SqliteCheckpointer>(path_, options_.checkpoint);
  }
  std::unique_ptr<Connection> connect() override {
    return std::make_unique<SqliteConnection>(path_, options_, checkpointer_);
  }
  const Dialect& dialect() const override { return dialect_; }
  std::string describe() const override { return "sqlite:" + path_; }

private:
  std::string path_;
  SqliteOptions options_;
  std::shared_ptr<SqliteCheckpointer> checkpointer_;  // shared with every connection
  Dialect dialect_{Backend::kSqlite};
};

}  // namespace

std::unique_ptr<Database> makeSqliteDatabase(const std::string& path, SqliteOptions options) {
  return std::make_unique<SqliteDatabase>(path, options);
}

}  // namespace pigeon::db
