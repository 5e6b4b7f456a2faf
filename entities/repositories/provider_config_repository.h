#pragma once
// Provider instances added in the admin site (instances from the config file are not stored:
// the file stays their only source). Settings are a JSON object of field -> text value.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "db/connection.h"

namespace pigeon::db {

struct StoredProviderInstance {
  std::string name;
  std::string plugin;
  std::map<std::string, std::string> settings;
};

class ProviderConfigRepository {
public:
  std::vector<StoredProviderInstance> list(Connection& c);
  void save(Connection& c, const StoredProviderInstance& instance, std::int64_t now);
  void remove(Connection& c, const std::string& name);
};

}  // namespace pigeon::db
