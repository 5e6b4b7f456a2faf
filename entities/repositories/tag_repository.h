#pragma once
// Tags on entity rows ("vip", "debtor", "newsletter"): free labels a CRM or an admin puts on a
// row, which selections ask for. Kept apart from the type's own table, so every type has them
// without declaring a field. Compared exactly (a binary collation on MariaDB).

#include <cstdint>
#include <string>
#include <vector>

#include "db/connection.h"

namespace pigeon::db {

inline constexpr std::size_t kMaxTagChars = 64;

// What is wrong with a tag, or empty: 1 to 64 characters, no spaces at either end, no control
// characters and no commas (a CSV cell lists tags with them).
std::string tagProblem(const std::string& tag);

class TagRepository {
public:
  static std::vector<std::string> of(Connection& c, const std::string& type, std::int64_t id);
  // Adds the tags the row does not have yet.
  static void add(Connection& c, const std::string& type, std::int64_t id,
                  const std::vector<std::string>& tags);
  // False when the row did not have it.
  static bool remove(Connection& c, const std::string& type, std::int64_t id,
                     const std::string& tag);
  static void clear(Connection& c, const std::string& type, std::int64_t id);
};

}  // namespace pigeon::db
