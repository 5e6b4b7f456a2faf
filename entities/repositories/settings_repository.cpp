#include "repositories/settings_repository.h"

namespace pigeon::db {

std::map<std::string, std::string> SettingsRepository::all(Connection& c) {
  std::map<std::string, std::string> out;
  for (const auto& r : c.query("SELECT name, value FROM settings", {}).rows)
    out[asString(r[0])] = asString(r[1]);
  return out;
}

void SettingsRepository::put(Connection& c, const std::string& name, const std::string& value) {
  c.execute("DELETE FROM settings WHERE name = ?", {name});
  c.execute("INSERT INTO settings (name, value) VALUES (?, ?)", {name, value});
}

}  // namespace pigeon::db
