#include "repositories/keyword_rule_repository.h"

namespace pigeon::db {

namespace {

constexpr const char* kSelect =
    "SELECT id, position, name, keywords, match_mode, number, handler, settings, separators,"
    " enabled, created_at, updated_at FROM keyword_rules";

// Keywords may be phrases ("stop all"), so they are stored one per line.
std::string joinLines(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += '\n';
    out += w;
  }
  return out;
}

std::vector<std::string> splitLines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

KeywordRuleRecord read(const std::vector<Value>& r) {
  KeywordRuleRecord k;
  k.id = asInt(r[0]);
  k.position = static_cast<int>(asInt(r[1]));
  k.name = asString(r[2]);
  k.keywords = splitLines(asString(r[3]));
  k.matchMode = asString(r[4]);
  k.number = asString(r[5]);
  k.handler = asString(r[6]);
  k.settings = asString(r[7]);
  k.separators = asString(r[8]);
  k.enabled = asInt(r[9]) != 0;
  k.createdAt = asInt(r[10]);
  k.updatedAt = asInt(r[11]);
  return k;
}

std::optional<KeywordRuleRecord> first(const Rows& rows) {
  if (rows.empty()) return std::nullopt;
  return read(rows.rows.front());
}

}  // namespace

std::vector<KeywordRuleRecord> KeywordRuleRepository::all(Connection& c) {
  std::vector<KeywordRuleRecord> out;
  for (const auto& r : c.query(std::string(kSelect) + " ORDER BY position, id").rows)
    out.push_back(read(r));
  return out;
}

std::optional<KeywordRuleRecord> KeywordRuleRepository::find(Connection& c, std::int64_t id) {
  return first(c.query(std::string(kSelect) + " WHERE id = ?", {id}));
}

std::optional<KeywordRuleRecord> KeywordRuleRepository::findByName(Connection& c,
                                                                   const std::string& name) {
  return first(c.query(std::string(kSelect) + " WHERE name = ?", {name}));
}

std::int64_t KeywordRuleRepository::insert(Connection& c, const KeywordRuleRecord& r,
                                           std::int64_t now) {
  return c.insert(
      "INSERT INTO keyword_rules (position, name, keywords, match_mode, number, handler,"
      " settings, separators, enabled, created_at, updated_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {std::int64_t{r.position}, r.name, joinLines(r.keywords), r.matchMode, textOrNull(r.number),
       r.handler, r.settings, r.separators, std::int64_t{r.enabled ? 1 : 0}, now, now});
}

void KeywordRuleRepository::update(Connection& c, const KeywordRuleRecord& r, std::int64_t now) {
  c.execute(
      "UPDATE keyword_rules SET position = ?, name = ?, keywords = ?, match_mode = ?, number = ?,"
      " handler = ?, settings = ?, separators = ?, enabled = ?, updated_at = ? WHERE id = ?",
      {std::int64_t{r.position}, r.name, joinLines(r.keywords), r.matchMode, textOrNull(r.number),
       r.handler, r.settings, r.separators, std::int64_t{r.enabled ? 1 : 0}, now, r.id});
}

bool KeywordRuleRepository::remove(Connection& c, std::int64_t id) {
  return c.execute("DELETE FROM keyword_rules WHERE id = ?", {id}) > 0;
}

int KeywordRuleRepository::maxPosition(Connection& c) {
  auto rows = c.query("SELECT MAX(position) FROM keyword_rules");
  return rows.empty() ? 0 : static_cast<int>(asInt(rows.rows[0][0], 0));
}

}  // namespace pigeon::db
