#pragma once
// Message templates as stored: a name, the entity type they are written for, the mustache
// body, and how dates and amounts are written (locale, UTC offset).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"

namespace pigeon::db {

struct TemplateRecord {
  std::int64_t id = 0;
  std::string name;
  std::string entityType;
  std::string body;
  std::string locale = "en";
  int utcOffsetMinutes = 0;
  std::int64_t createdAt = 0;
  std::int64_t updatedAt = 0;
};

class TemplateRepository {
public:
  static std::vector<TemplateRecord> all(Connection& c);
  static std::optional<TemplateRecord> find(Connection& c, std::int64_t id);
  static std::optional<TemplateRecord> findByName(Connection& c, const std::string& name);
  static std::int64_t insert(Connection& c, const TemplateRecord& t, std::int64_t now);
  static void update(Connection& c, const TemplateRecord& t, std::int64_t now);
  static bool remove(Connection& c, std::int64_t id);
};

}  // namespace pigeon::db
