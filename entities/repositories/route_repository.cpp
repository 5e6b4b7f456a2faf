#include "repositories/route_repository.h"

namespace pigeon::db {

namespace {

// Instance names are letters, digits, '_' and '-': a comma never occurs in one.
std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::string name;
  for (char ch : text + ",") {
    if (ch != ',') {
      name += ch;
    } else if (!name.empty()) {
      out.push_back(name);
      name.clear();
    }
  }
  return out;
}

}  // namespace

std::vector<StoredRoute> RouteRepository::all(Connection& c) {
  auto rows = c.query(
      "SELECT name, prefix, sender, tag, provider, instances FROM routes ORDER BY position", {});
  std::vector<StoredRoute> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows)
    out.push_back({asString(r[0]), asString(r[1]), asString(r[2]), asString(r[3]), asString(r[4]),
                   split(asString(r[5]))});
  return out;
}

void RouteRepository::replaceAll(Connection& c, const std::vector<StoredRoute>& routes) {
  c.execute("DELETE FROM routes", {});
  std::int64_t position = 0;
  for (const auto& r : routes)
    c.execute(
        "INSERT INTO routes (position, name, prefix, sender, tag, provider, instances)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        {++position, r.name, textOrNull(r.prefix), textOrNull(r.sender), textOrNull(r.tag),
         textOrNull(r.provider), joined(r.instances)});
}

}  // namespace pigeon::db
