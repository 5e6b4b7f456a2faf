#include "repositories/tag_repository.h"

#include <algorithm>

namespace pigeon::db {

std::string tagProblem(const std::string& tag) {
  if (tag.empty()) return "a tag cannot be empty";
  std::size_t chars = 0;
  for (unsigned char ch : tag) {
    chars += (ch & 0xC0) != 0x80;
    if (ch < 0x20 || ch == 0x7F) return "tag '" + tag + "' holds a control character";
    if (ch == ',') return "tag '" + tag + "' holds a comma";
  }
  if (chars > kMaxTagChars)
    return "tag '" + tag + "' is longer than " + std::to_string(kMaxTagChars) + " characters";
  if (tag.front() == ' ' || tag.back() == ' ')
    return "tag '" + tag + "' starts or ends with a space";
  return "";
}

std::vector<std::string> TagRepository::of(Connection& c, const std::string& type,
                                           std::int64_t id) {
  auto rows =
      c.query("SELECT tag FROM entity_tags WHERE entity_type = ? AND entity_id = ? ORDER BY tag",
              {type, id});
  std::vector<std::string> tags;
  for (const auto& r : rows.rows) tags.push_back(asString(r[0]));
  return tags;
}

void TagRepository::add(Connection& c, const std::string& type, std::int64_t id,
                        const std::vector<std::string>& tags) {
  auto had = of(c, type, id);
  for (const auto& tag : tags) {
    if (std::find(had.begin(), had.end(), tag) != had.end()) continue;
    c.execute("INSERT INTO entity_tags (entity_type, tag, entity_id) VALUES (?, ?, ?)",
              {type, tag, id});
    had.push_back(tag);
  }
}

bool TagRepository::remove(Connection& c, const std::string& type, std::int64_t id,
                           const std::string& tag) {
  return c.execute("DELETE FROM entity_tags WHERE entity_type = ? AND tag = ? AND entity_id = ?",
                   {type, tag, id}) > 0;
}

void TagRepository::clear(Connection& c, const std::string& type, std::int64_t id) {
  c.execute("DELETE FROM entity_tags WHERE entity_type = ? AND entity_id = ?", {type, id});
}

}  // namespace pigeon::db
