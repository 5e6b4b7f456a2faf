#include "db/mysql_connection.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>

#include <cppconn/connection.h>
#include <cppconn/datatype.h>
#include <cppconn/exception.h>
#include <cppconn/parameter_metadata.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>

namespace pigeon::db {

namespace {

constexpr std::size_t kSqlInErrors = 200;
// The server caps prepared statements (max_prepared_stmt_count); SQL built with inlined
// values would otherwise grow the cache without bound.
constexpr std::size_t kMaxCachedStatements = 256;
// CR_NEW_STMT_METADATA: the table under a cached statement changed (an ALTER by a migration
// on another host); the statement must be prepared again.
constexpr int kStatementMetadataChanged = 2057;

const char* const kSessionSetup[] = {
    "SET SESSION sql_mode='STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'",
};

enum class Kind { kInteger, kReal, kText };

struct ColumnKind {
  int type;
  Kind kind;
};

// How each reported column type is read; types not listed are read as text.
constexpr std::array<ColumnKind, 11> kColumnKinds{{
    {sql::DataType::BIT, Kind::kInteger},
    {sql::DataType::TINYINT, Kind::kInteger},
    {sql::DataType::SMALLINT, Kind::kInteger},
    {sql::DataType::MEDIUMINT, Kind::kInteger},
    {sql::DataType::INTEGER, Kind::kInteger},
    {sql::DataType::BIGINT, Kind::kInteger},
    {sql::DataType::YEAR, Kind::kInteger},
    {sql::DataType::REAL, Kind::kReal},
    {sql::DataType::DOUBLE, Kind::kReal},
    {sql::DataType::DECIMAL, Kind::kReal},
    {sql::DataType::NUMERIC, Kind::kReal},
}};

Kind kindOf(int type) {
  for (const auto& c : kColumnKinds)
    if (c.type == type) return c.kind;
  return Kind::kText;
}

Value readInteger(sql::ResultSet& rs, std::uint32_t i, bool isSigned) {
  if (isSigned) return rs.getInt64(i);
  // getInt64 wraps a BIGINT UNSIGNED above INT64_MAX to a negative number without a word;
  // such a value is kept exact as text instead.
  auto u = rs.getUInt64(i);
  if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    return std::to_string(u);
  return static_cast<std::int64_t>(u);
}

Value readColumn(sql::ResultSet& rs, sql::ResultSetMetaData& meta, std::uint32_t i) {
  if (rs.isNull(i)) return std::monostate{};
  switch (kindOf(meta.getColumnType(i))) {
    case Kind::kInteger:
      return readInteger(rs, i, meta.isSigned(i));
    case Kind::kReal:
      return static_cast<double>(rs.getDouble(i));
    case Kind::kText:
      break;
  }
  return rs.getString(i).asStdString();
}

Rows readRows(sql::ResultSet& rs) {
  Rows out;
  auto* meta = rs.getMetaData();
  auto count = meta->getColumnCount();
  for (unsigned i = 1; i <= count; ++i) out.columns.push_back(meta->getColumnLabel(i));
  while (rs.next()) {
    auto& row = out.rows.emplace_back();
    row.reserve(count);
    for (unsigned i = 1; i <= count; ++i) row.push_back(readColumn(rs, *meta, i));
  }
  return out;
}

struct Binder {
  sql::PreparedStatement& ps;
  unsigned index;
  void operator()(std::monostate) const { ps.setNull(index, sql::DataType::SQLNULL); }
  void operator()(std::int64_t v) const { ps.setInt64(index, v); }
  void operator()(double v) const { ps.setDouble(index, v); }
  void operator()(const std::string& v) const { ps.setString(index, v); }
};

// Runs fn, turning a Connector/C++ exception into a DbError that says what was being done.
template <typename Fn>
auto guarded(std::string_view what, Fn&& fn) {
  try {
    return fn();
  } catch (const sql::SQLException& e) {
    throw mysqlError(e, what);
  }
}

}  // namespace

DbError mysqlError(const sql::SQLException& e, std::string_view what) {
  std::string shown(what.substr(0, kSqlInErrors));
  if (what.size() > kSqlInErrors) shown += "...";
  return DbError("mysql error " + std::to_string(e.getErrorCode()) + " (SQLSTATE " +
                 e.getSQLState() + "): " + e.what() + " [" + shown + "]");
}

MysqlConnection::MysqlConnection(std::unique_ptr<sql::Connection> session)
    : session_(std::move(session)) {
  // Plain statements: these run once per session, so caching them would only hold a
  // server-side prepared statement open for nothing.
  for (const char* text : kSessionSetup) {
    guarded(text, [&] {
      std::unique_ptr<sql::Statement> statement(session_->createStatement());
      statement->execute(text);
    });
  }
  guarded("set transaction isolation read committed",
          [&] { session_->setTransactionIsolation(sql::TRANSACTION_READ_COMMITTED); });
}

MysqlConnection::~MysqlConnection() = default;

sql::PreparedStatement& MysqlConnection::prepare(const std::string& text, const Params& params) {
  auto it = statements_.find(text);
  if (it == statements_.end()) {
    if (statements_.size() >= kMaxCachedStatements) statements_.clear();
    std::unique_ptr<sql::PreparedStatement> ps(session_->prepareStatement(text));
    it = statements_.emplace(text, std::move(ps)).first;
  }
  auto& ps = *it->second;
  auto expected = ps.getParameterMetaData()->getParameterCount();
  if (static_cast<std::size_t>(expected) != params.size())
    throw DbError("statement expects " + std::to_string(expected) + " parameter(s), got " +
                  std::to_string(params.size()) + " [" + text.substr(0, kSqlInErrors) + "]");
  for (unsigned i = 0; i < params.size(); ++i) std::visit(Binder{ps, i + 1}, params[i]);
  return ps;
}

template <typename Fn>
auto MysqlConnection::run(const std::string& text, const Params& params, Fn&& fn) {
  for (int attempt = 0;; ++attempt) {
    try {
      return fn(prepare(text, params));
    } catch (const sql::SQLException& e) {
      // A failed statement can leave the session "out of sync" until it is closed; closing
      // it also drops a statement whose table has changed.
      statements_.erase(text);
      if (e.getErrorCode() == kStatementMetadataChanged && attempt == 0) continue;
      throw mysqlError(e, text);
    }
  }
}

std::int64_t MysqlConnection::execute(std::string_view text, const Params& params) {
  return run(std::string(text), params, [](sql::PreparedStatement& ps) -> std::int64_t {
    // A statement that yields rows (a SELECT ... FOR UPDATE taking locks, say) must have
    // them read, or the session is out of sync for the next statement. It counts them.
    if (ps.getMetaData()->getColumnCount() > 0) {
      std::unique_ptr<sql::ResultSet> rs(ps.executeQuery());
      return static_cast<std::int64_t>(rs->rowsCount());
    }
    return ps.executeUpdate();
  });
}

Rows MysqlConnection::query(std::string_view text, const Params& params) {
  return run(std::string(text), params, [](sql::PreparedStatement& ps) {
    std::unique_ptr<sql::ResultSet> rs(ps.executeQuery());
    return readRows(*rs);
  });
}

std::int64_t MysqlConnection::insert(std::string_view text, const Params& params) {
  // MariaDB answers RETURNING with the rows' ids (in no promised order: the first is the
  // least); MySQL has no RETURNING, and is not a backend we claim.
  const auto rows = query(std::string(text) + " RETURNING id", params);
  if (rows.empty())
    throw DbError("the INSERT added no row [" + std::string(text.substr(0, kSqlInErrors)) + "]");
  std::int64_t first = asInt(rows.rows[0][0]);
  for (const auto& r : rows.rows) first = std::min(first, asInt(r[0]));
  return first;
}

bool MysqlConnection::consecutiveInsertIds() {
  // Mode 2 ("interleaved") may hand a multi-row INSERT ids with gaps when another session
  // inserts at the same time; modes 0 and 1 give consecutive ids to such "simple inserts".
  // A step other than 1 (multi-primary setups) spaces the ids out, so they cannot be derived.
  if (autoincLockMode_ < 0) {
    auto row = query("SELECT @@innodb_autoinc_lock_mode, @@auto_increment_increment").rows.at(0);
    const bool stepOne = asInt(row.at(1), 0) == 1;
    autoincLockMode_ = stepOne ? static_cast<int>(asInt(row.at(0), 2)) : 2;
  }
  return autoincLockMode_ != 2;
}

// A transaction is bracketed by START TRANSACTION and COMMIT, with autocommit left on: the
// connector's setAutoCommit would cost a SET autocommit round trip before and after each.
void MysqlConnection::control(const char* text) {
  guarded(text, [&] {
    if (!control_) control_.reset(session_->createStatement());
    control_->execute(text);
  });
}

void MysqlConnection::begin() { control("START TRANSACTION"); }

void MysqlConnection::commit() { control("COMMIT"); }

void MysqlConnection::rollback() { control("ROLLBACK"); }

}  // namespace pigeon::db
