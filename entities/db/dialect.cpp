#include "db/dialect.h"

#include <array>
#include <utility>

namespace pigeon::db {

namespace {

struct Token {
  std::string_view token;
  std::string_view sqlite;
  std::string_view mysql;
};

constexpr std::array<Token, 5> kTokens{{
    {"{pk}", "INTEGER PRIMARY KEY AUTOINCREMENT", "BIGINT PRIMARY KEY AUTO_INCREMENT"},
    {"{str}", "TEXT", "VARCHAR(255)"},
    {"{text}", "TEXT", "LONGTEXT"},
    {"{table_options}", "", " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"},
    {"{now_ms}", "(CAST(strftime('%s', 'now') AS INTEGER) * 1000)", "(UNIX_TIMESTAMP() * 1000)"},
}};

}  // namespace

std::string Dialect::expand(std::string_view ddl) const {
  std::string out(ddl);
  for (const auto& t : kTokens) {
    const auto& replacement = backend_ == Backend::kSqlite ? t.sqlite : t.mysql;
    for (auto pos = out.find(t.token); pos != std::string::npos;
         pos = out.find(t.token, pos + replacement.size()))
      out.replace(pos, t.token.size(), replacement);
  }
  return out;
}

std::string Dialect::onConflictUpdate(std::string_view key,
                                      const std::vector<std::string>& columns) const {
  std::string out = backend_ == Backend::kSqlite
                        ? " ON CONFLICT (" + std::string(key) + ") DO UPDATE SET "
                        : std::string(" ON DUPLICATE KEY UPDATE ");
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto& column = columns[i];
    out += (i ? ", " : "") + column + " = " +
           (backend_ == Backend::kSqlite ? "excluded." + column : "VALUES(" + column + ")");
  }
  return out;
}

}  // namespace pigeon::db
