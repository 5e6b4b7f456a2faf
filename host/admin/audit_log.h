#pragma once
// Writes an audit entry in the caller's transaction, so a change and its record commit together.

#include <map>
#include <string>

#include "auth/authenticator.h"
#include "db/connection.h"

namespace pigeon::host {

// A flat JSON object of the values a change touched; secrets are replaced before it is written.
std::string auditJson(const std::map<std::string, std::string>& values);

void recordAudit(db::Connection& c, const Caller& who, const std::string& action,
                 const std::string& target, const std::string& before, const std::string& after);

}  // namespace pigeon::host
