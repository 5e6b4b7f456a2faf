#pragma once
// Everything in SQL that differs between SQLite and MySQL, in one place.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pigeon::db {

enum class Backend { kSqlite, kMysql };

class Dialect {
public:
  explicit Dialect(Backend backend) : backend_(backend) {}

  Backend backend() const { return backend_; }
  const char* name() const { return backend_ == Backend::kSqlite ? "sqlite" : "mysql"; }

  // Expands the dialect tokens a migration is written with:
  //   {pk}     auto-increment 64-bit primary key      {str}   short indexed text (255)
  //   {text}   unbounded text                         {table_options} engine and charset
  std::string expand(std::string_view ddl) const;

  // Appended to a SELECT of a row the transaction is about to change, so a concurrent change
  // waits for it (SQLite's transactions take the write lock at BEGIN already).
  const char* rowLockSuffix() const { return backend_ == Backend::kMysql ? " FOR UPDATE" : ""; }
  // Appended to a SELECT that claims rows other hosts may claim at the same time.
  const char* claimLockSuffix() const {
    return backend_ == Backend::kMysql ? " FOR UPDATE SKIP LOCKED" : "";
  }
  // Starts an INSERT that leaves out the rows whose unique key is taken, without an error.
  const char* insertIgnore() const {
    return backend_ == Backend::kMysql ? "INSERT IGNORE" : "INSERT OR IGNORE";
  }
  // Put after "INSERT INTO t (key, a, b) VALUES (...)": on a row with that key already, set
  // its `columns` to the values given instead.
  std::string onConflictUpdate(std::string_view key, const std::vector<std::string>& columns) const;
  // Put after a table name: read it along its primary key, whatever index matches a filter.
  // For a search bounded by an id range, where an index on a filter column (status is the
  // first column of the claim index) would read every matching row of the whole table.
  const char* primaryKeyScan() const {
    return backend_ == Backend::kMysql ? " FORCE INDEX (PRIMARY)" : " NOT INDEXED";
  }
  // Whether per-row statements beat one statement with a CASE over many rows. SQLite runs in
  // the process (a statement costs microseconds, a CASE of n rows costs n² comparisons); a
  // MySQL statement costs a network round trip.
  bool prefersRowStatements() const { return backend_ == Backend::kSqlite; }

  // Statements that set a connection up for bulk loading (a CSV import's own connection).
  // SQLite: a 32 MB page cache, so the indexes of a growing table stay in memory instead of
  // being read back from the OS at every insert. MySQL's buffer pool is the server's.
  std::vector<std::string> bulkSessionSettings() const {
    if (backend_ == Backend::kSqlite) return {"PRAGMA cache_size=-32768"};
    return {};
  }

  // Around a selection count (a statement, then its undoing; empty: nothing to set). MariaDB
  // turns a related-row EXISTS into a semi-join driven from the other table, which for
  // 2 000 000 contacts costs 2.5 s against 0.6 s scanning them once (docs/PERFORMANCE.md).
  std::string selectionCountSetting() const {
    return backend_ == Backend::kMysql ? "SET SESSION optimizer_switch = 'semijoin=off'" : "";
  }
  std::string selectionCountReset() const {
    return backend_ == Backend::kMysql ? "SET SESSION optimizer_switch = 'semijoin=on'" : "";
  }

private:
  Backend backend_;
};

}  // namespace pigeon::db
