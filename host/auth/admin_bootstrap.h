#pragma once
// First start: an empty store gets the user "admin" with every right. The password comes from
// PIGEON_ADMIN_PASSWORD, or is generated, logged once and written to <data.dir>/admin-password
// (mode 0600).

#include <string>

#include <Poco/Logger.h>

#include "db/connection.h"

namespace pigeon::host {

// Returns true when it created the admin.
bool ensureAdmin(db::Connection& c, const std::string& dataDir, Poco::Logger& logger);

}  // namespace pigeon::host
