#include "repositories/lease_repository.h"

namespace pigeon::db {

bool LeaseRepository::acquire(Connection& c, const std::string& name, const std::string& owner,
                              std::int64_t until, std::int64_t now) {
  // The row exists from the migration that made the table; a new name gets one here.
  if (c.execute("UPDATE leases SET owner = ?, until = ? WHERE name = ? AND"
                " (owner IS NULL OR owner = ? OR until < ?)",
                {owner, until, name, owner, now}) > 0)
    return true;
  if (!c.query("SELECT 1 FROM leases WHERE name = ?", {name}).empty()) return false;
  c.execute(std::string(c.dialect().insertIgnore()) +
                " INTO leases (name, owner, until) VALUES (?, ?, ?)",
            {name, owner, until});
  return holds(c, name, owner, now);
}

void LeaseRepository::release(Connection& c, const std::string& name, const std::string& owner) {
  c.execute("UPDATE leases SET owner = NULL, until = 0 WHERE name = ? AND owner = ?",
            {name, owner});
}

bool LeaseRepository::holds(Connection& c, const std::string& name, const std::string& owner,
                            std::int64_t now) {
  return !c.query(std::string("SELECT 1 FROM leases WHERE name = ? AND owner = ? AND until >= ?") +
                      c.dialect().rowLockSuffix(),
                  {name, owner, now})
              .empty();
}

}  // namespace pigeon::db
