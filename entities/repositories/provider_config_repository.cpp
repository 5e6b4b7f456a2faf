#include "repositories/provider_config_repository.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace pigeon::db {

namespace {

std::string toJson(const std::map<std::string, std::string>& settings) {
  Poco::JSON::Object o;
  for (const auto& [k, v] : settings) o.set(k, v);
  std::ostringstream out;
  o.stringify(out);
  return out.str();
}

std::map<std::string, std::string> fromJson(const std::string& name, const std::string& json) {
  std::map<std::string, std::string> out;
  try {
    auto o = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    for (const auto& [k, v] : *o) out[k] = v.toString();
  } catch (const Poco::Exception& e) {
    throw DbError("provider instance '" + name +
                  "': stored settings are not a JSON object: " + e.displayText());
  }
  return out;
}

}  // namespace

std::vector<StoredProviderInstance> ProviderConfigRepository::list(Connection& c) {
  std::vector<StoredProviderInstance> out;
  for (const auto& r :
       c.query("SELECT name, plugin, settings FROM provider_instances ORDER BY name", {}).rows) {
    auto name = asString(r[0]);
    out.push_back({name, asString(r[1]), fromJson(name, asString(r[2]))});
  }
  return out;
}

void ProviderConfigRepository::save(Connection& c, const StoredProviderInstance& p,
                                    std::int64_t now) {
  // Delete + insert: one statement pair that means the same on SQLite and MySQL.
  c.execute("DELETE FROM provider_instances WHERE name = ?", {p.name});
  c.execute(
      "INSERT INTO provider_instances (name, plugin, settings, updated_at) VALUES (?, ?, ?, ?)",
      {p.name, p.plugin, toJson(p.settings), now});
}

void ProviderConfigRepository::remove(Connection& c, const std::string& name) {
  c.execute("DELETE FROM provider_instances WHERE name = ?", {name});
}

}  // namespace pigeon::db
