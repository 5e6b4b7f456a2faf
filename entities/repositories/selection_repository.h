#pragma once
// Saved selections: a name, the entity type they select from, the criteria as the caller wrote
// them (JSON, compiled again at every use, so a count always follows the current catalog and
// clock), the UTC offset relative dates count days at, and who saved them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"

namespace pigeon::db {

struct SelectionRecord {
  std::int64_t id = 0;
  std::string name;
  std::string entityType;
  std::string criteria;  // JSON text
  int utcOffsetMinutes = 0;
  std::string createdBy;
  std::int64_t createdAt = 0;
  std::int64_t updatedAt = 0;
};

class SelectionRepository {
public:
  static std::vector<SelectionRecord> all(Connection& c);
  static std::optional<SelectionRecord> find(Connection& c, std::int64_t id);
  static std::optional<SelectionRecord> findByName(Connection& c, const std::string& name);
  static std::int64_t insert(Connection& c, const SelectionRecord& s, std::int64_t now);
  static void update(Connection& c, const SelectionRecord& s, std::int64_t now);
  static bool remove(Connection& c, std::int64_t id);
};

}  // namespace pigeon::db
