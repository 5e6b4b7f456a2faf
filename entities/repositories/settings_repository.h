#pragma once
// Settings changed in the admin site, as name -> text. They override the config file's values
// for the same settings from the next read on.

#include <map>
#include <string>

#include "db/connection.h"

namespace pigeon::db {

class SettingsRepository {
public:
  std::map<std::string, std::string> all(Connection& c);
  void put(Connection& c, const std::string& name, const std::string& value);
};

}  // namespace pigeon::db
