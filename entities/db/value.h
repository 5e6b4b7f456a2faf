#pragma once
// A value bound to or read from SQL: NULL, integer, real or text (UTF-8 / bytes).

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace pigeon::db {

using Value = std::variant<std::monostate, std::int64_t, double, std::string>;
using Params = std::vector<Value>;

inline bool isNull(const Value& v) { return std::holds_alternative<std::monostate>(v); }

// Writers for optional columns: an empty text, or an integer equal to `none`, is stored as NULL.
inline Value textOrNull(const std::string& s) { return s.empty() ? Value{} : Value{s}; }
inline Value intOrNull(std::int64_t v, std::int64_t none = 0) {
  return v == none ? Value{} : Value{v};
}

// Lenient readers: SQLite and MySQL disagree on the types they hand back (a COUNT is a text
// in one driver and an integer in another), so readers convert instead of asserting.
std::int64_t asInt(const Value& v, std::int64_t fallback = 0);
double asDouble(const Value& v, double fallback = 0);
std::string asString(const Value& v);

struct Rows {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;

  bool empty() const { return rows.empty(); }
  std::size_t size() const { return rows.size(); }
  // Index of a column by name; throws std::out_of_range naming it.
  std::size_t column(const std::string& name) const;
};

}  // namespace pigeon::db
