#pragma once
// Automations: when a row of an entity type is created or changed (in the fields watched, or
// any) and a condition in the selection language holds for it, a template is sent to it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"

namespace pigeon::db {

struct AutomationRecord {
  std::int64_t id = 0;
  std::string name;
  std::string entityType;
  std::string trigger = "created";  // created | changed | created_or_changed
  std::vector<std::string> fields;  // changes to these fire it; empty: to any field
  std::string criteria = "{}";      // JSON, the selection language; {} always holds
  std::int64_t templateId = 0;
  std::string toField;       // a phone or reference field; empty: the template's own recipient
  std::string from;          // the sender; empty: the routing table's
  std::string fromInstance;  // the provider instance `from` belongs to; empty: routed
  bool enabled = true;
  std::string author;         // who saved it last
  std::int64_t authorId = 0;  // its messages are this user's
  std::int64_t createdAt = 0;
  std::int64_t updatedAt = 0;
};

class AutomationRepository {
public:
  static std::vector<AutomationRecord> all(Connection& c);
  static std::optional<AutomationRecord> find(Connection& c, std::int64_t id);
  static std::optional<AutomationRecord> findByName(Connection& c, const std::string& name);
  // The name of an automation that sends the template, if one does.
  static std::optional<std::string> nameSending(Connection& c, std::int64_t templateId);
  static std::int64_t insert(Connection& c, const AutomationRecord& a, std::int64_t now);
  static void update(Connection& c, const AutomationRecord& a, std::int64_t now);
  static bool remove(Connection& c, std::int64_t id);
};

}  // namespace pigeon::db
