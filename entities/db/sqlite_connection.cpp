#include "db/sqlite_connection.h"

#include <sqlite3.h>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/Utility.h>

#include "db/sqlite_busy.h"

namespace pigeon::db {

namespace {

// Statements cached per connection; beyond this the cache is cleared (ad hoc admin queries
// must not grow it without bound).
constexpr std::size_t kMaxCachedStatements = 256;

void registerConnectorOnce() {
  static const bool registered = [] {
    // SQLite counts every allocation under a global mutex by default; nothing here reads
    // those counts. Refused (harmlessly) if something already initialised SQLite.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    Poco::Data::SQLite::Connector::registerConnector();
    return true;
  }();
  (void)registered;
}

int reportCommit(void* checkpointer, sqlite3*, const char*, int walPages) {
  static_cast<SqliteCheckpointer*>(checkpointer)->onCommit(walPages);
  return SQLITE_OK;
}

Poco::Data::Session openSession(const std::string& path) {
  registerConnectorOnce();
  return Poco::Data::Session("SQLite", path);
}

}  // namespace

SqliteConnection::SqliteConnection(const std::string& path, const SqliteOptions& options,
                                   std::shared_ptr<SqliteCheckpointer> checkpointer)
    : session_(openSession(path)),
      handle_(Poco::Data::SQLite::Utility::dbHandle(session_)),
      checkpointer_(std::move(checkpointer)) {
  retryBusyEveryMillisecond(handle_, options.busyTimeoutMs);
  execute("PRAGMA journal_mode=WAL", {});
  execute(options.synchronousFull ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL", {});
  execute("PRAGMA foreign_keys=ON", {});
  // A WAL rewound after a burst is cut back to this size rather than kept at its largest.
  // Above what the checkpointer lets it reach (CheckpointLimits::restartPages, 128 MB): the
  // routine rewind then truncates nothing, where cutting a 128 MB WAL to 64 MB held the
  // writer for 50 ms every second and a half at 1 000 inbound SMS/s (docs/PERFORMANCE.md).
  execute("PRAGMA journal_size_limit=268435456", {});
  if (checkpointer_) sqlite3_wal_hook(handle_, reportCommit, checkpointer_.get());
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
}

void SqliteConnection::fail(std::string_view sql, int rc) const {
  throw DbError("sqlite error " + std::to_string(rc) + " (" + sqlite3_errmsg(handle_) +
                ") in: " + std::string(sql.substr(0, 200)));
}

sqlite3_stmt* SqliteConnection::prepared(std::string_view sql, const Params& params) {
  std::string key(sql);
  auto it = statements_.find(key);
  sqlite3_stmt* stmt = nullptr;
  if (it == statements_.end()) {
    if (statements_.size() >= kMaxCachedStatements) {
      for (auto& [s, st] : statements_) sqlite3_finalize(st);
      statements_.clear();
    }
    int rc = sqlite3_prepare_v2(handle_, key.data(), static_cast<int>(key.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) fail(sql, rc);
    statements_.emplace(std::move(key), stmt);
  } else {
    stmt = it->second;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
  if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt))
    throw DbError("statement expects " + std::to_string(sqlite3_bind_parameter_count(stmt)) +
                  " parameters, got " + std::to_string(params.size()) + ": " +
                  std::string(sql.substr(0, 200)));
  for (std::size_t i = 0; i < params.size(); ++i) {
    int pos = static_cast<int>(i) + 1;
    const Value& v = params[i];
    int rc = SQLITE_OK;
    if (auto* n = std::get_if<std::int64_t>(&v))
      rc = sqlite3_bind_int64(stmt, pos, *n);
    else if (auto* d = std::get_if<double>(&v))
      rc = sqlite3_bind_double(stmt, pos, *d);
    else if (auto* s = std::get_if<std::string>(&v))
      // STATIC: params outlive every step of this call, and each call binds anew.
      rc = sqlite3_bind_text(stmt, pos, s->data(), static_cast<int>(s->size()), SQLITE_STATIC);
    else
      rc = sqlite3_bind_null(stmt, pos);
    if (rc != SQLITE_OK) fail(sql, rc);
  }
  return stmt;
}

std::int64_t SqliteConnection::execute(std::string_view sql, const Params& params) {
  sqlite3_stmt* stmt = prepared(sql, params);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) {
    sqlite3_reset(stmt);
    fail(sql, rc);
  }
  sqlite3_reset(stmt);
  return sqlite3_changes(handle_);
}

Rows SqliteConnection::query(std::string_view sql, const Params& params) {
  sqlite3_stmt* stmt = prepared(sql, params);
  Rows out;
  // Columns are read after the first step: a cached statement whose table has changed since
  // (ALTER TABLE) is prepared again inside step, and only then counts the new columns.
  int rc = sqlite3_step(stmt);
  const int columns = sqlite3_column_count(stmt);
  out.columns.reserve(columns);
  for (int c = 0; c < columns; ++c) out.columns.emplace_back(sqlite3_column_name(stmt, c));
  for (; rc == SQLITE_ROW; rc = sqlite3_step(stmt)) {
    auto& row = out.rows.emplace_back();
    row.reserve(columns);
    for (int c = 0; c < columns; ++c) {
      switch (sqlite3_column_type(stmt, c)) {
        case SQLITE_INTEGER:
          row.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, c)));
          break;
        case SQLITE_FLOAT:
          row.emplace_back(sqlite3_column_double(stmt, c));
          break;
        case SQLITE_NULL:
          row.emplace_back(std::monostate{});
          break;
        default: {
          auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
          row.emplace_back(std::string(text, sqlite3_column_bytes(stmt, c)));
        }
      }
    }
  }
  if (rc != SQLITE_DONE) {
    sqlite3_reset(stmt);
    fail(sql, rc);
  }
  sqlite3_reset(stmt);
  return out;
}

// The rows of one INSERT get consecutive rowids here (one writer), the last of them reported.
std::int64_t SqliteConnection::insert(std::string_view sql, const Params& params) {
  const auto added = execute(sql, params);
  if (added < 1) throw DbError("the INSERT added no row [" + std::string(sql.substr(0, 200)) + "]");
  return sqlite3_last_insert_rowid(handle_) - added + 1;
}

// IMMEDIATE takes the write lock at BEGIN, so two writers queue on the busy timeout instead
// of failing with SQLITE_BUSY half-way through a transaction.
void SqliteConnection::begin() { execute("BEGIN IMMEDIATE", {}); }
void SqliteConnection::commit() { execute("COMMIT", {}); }
void SqliteConnection::rollback() { execute("ROLLBACK", {}); }

}  // namespace pigeon::db
