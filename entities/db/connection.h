#pragma once
// One database connection. Not thread-safe: a thread owns it while it uses it.
// Errors are DbError exceptions (start-up and repositories catch them at their edge).

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "db/dialect.h"
#include "db/value.h"

namespace pigeon::db {

class DbError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class Connection {
public:
  virtual ~Connection() = default;

  // Runs one statement; returns the number of rows it changed.
  virtual std::int64_t execute(std::string_view sql, const Params& params = {}) = 0;
  virtual Rows query(std::string_view sql, const Params& params = {}) = 0;
  // Runs an INSERT and returns the id of the first row it added (of the row, for one).
  // One round trip on MySQL too (INSERT ... RETURNING id), not a second for LAST_INSERT_ID().
  virtual std::int64_t insert(std::string_view sql, const Params& params) = 0;
  // Whether a multi-row INSERT gets consecutive ids, so they all follow from the first.
  // True for SQLite (one writer); on MySQL unless innodb_autoinc_lock_mode=2.
  virtual bool consecutiveInsertIds() { return true; }

  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;

  virtual const Dialect& dialect() const = 0;
};

// Rolls back unless commit() was called: a thrown exception leaves nothing half-written.
class Transaction {
public:
  explicit Transaction(Connection& c) : c_(c) { c_.begin(); }
  ~Transaction() {
    if (!done_) {
      try {
        c_.rollback();
      } catch (...) {
      }
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    c_.commit();
    done_ = true;
  }

private:
  Connection& c_;
  bool done_ = false;
};

}  // namespace pigeon::db
