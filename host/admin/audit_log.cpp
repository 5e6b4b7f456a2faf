#include "admin/audit_log.h"

#include <Poco/JSON/Object.h>

#include <sstream>

#include "outbox/clock.h"
#include "repositories/audit_repository.h"

namespace pigeon::host {

std::string auditJson(const std::map<std::string, std::string>& values) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const auto& [k, v] : values) o.set(k, v);
  std::ostringstream out;
  o.stringify(out);
  return out.str();
}

void recordAudit(db::Connection& c, const Caller& who, const std::string& action,
                 const std::string& target, const std::string& before, const std::string& after) {
  db::AuditRepository().append(c,
                               {0, nowMs(), who.userId, who.name, action, target, before, after});
}

}  // namespace pigeon::host
