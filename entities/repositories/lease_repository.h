#pragma once
// Leases: a named job (the campaign scheduler) that one host at a time may run. A host holds
// the lease until a moment it renews while it runs; when it dies, another takes the lease once
// that moment has passed.

#include <cstdint>
#include <string>

#include "db/connection.h"

namespace pigeon::db {

class LeaseRepository {
public:
  // Takes or renews the lease for `owner` until `until`, if it is free, expired or its own.
  static bool acquire(Connection& c, const std::string& name, const std::string& owner,
                      std::int64_t until, std::int64_t now);
  // Gives it up (a host that stops lets the next take over at once).
  static void release(Connection& c, const std::string& name, const std::string& owner);
  // Whether `owner` holds it now: inside a transaction, also locks it until the commit, so a
  // host whose lease ran out cannot write after another took over.
  static bool holds(Connection& c, const std::string& name, const std::string& owner,
                    std::int64_t now);
};

}  // namespace pigeon::db
