#pragma once
// The keyword rule table as stored, in the order rules are tried (position, then id).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"

namespace pigeon::db {

struct KeywordRuleRecord {
  std::int64_t id = 0;
  int position = 0;
  std::string name;
  std::vector<std::string> keywords;  // empty: the handler's own words
  std::string matchMode = "first_word";
  std::string number;  // the number or short code texted; empty = every number
  std::string handler;
  std::string settings = "{}";  // JSON object of the handler's settings
  std::string separators = " ,:;.!?";
  bool enabled = true;
  std::int64_t createdAt = 0;
  std::int64_t updatedAt = 0;
};

class KeywordRuleRepository {
public:
  static std::vector<KeywordRuleRecord> all(Connection& c);
  static std::optional<KeywordRuleRecord> find(Connection& c, std::int64_t id);
  static std::optional<KeywordRuleRecord> findByName(Connection& c, const std::string& name);
  static std::int64_t insert(Connection& c, const KeywordRuleRecord& r, std::int64_t now);
  static void update(Connection& c, const KeywordRuleRecord& r, std::int64_t now);
  static bool remove(Connection& c, std::int64_t id);
  static int maxPosition(Connection& c);
};

}  // namespace pigeon::db
