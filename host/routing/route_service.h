#pragma once
// Holds the routing table the dispatcher reads and the admin changes: loaded from the store at
// start, replaced whole (validated, stored and audited in one transaction), and swapped in at
// once. Readers take a snapshot and never wait for an edit.

#include <memory>
#include <mutex>
#include <vector>

#include "auth/authenticator.h"
#include "db/connection_pool.h"
#include "providers/provider_set.h"
#include "routing/route_table.h"

namespace pigeon::host {

class RouteService {
public:
  RouteService(db::ConnectionPool& pool, ProviderSet& providers)
      : pool_(pool), providers_(providers) {}

  void load();  // throws db::DbError
  std::shared_ptr<const RouteTable> table() const;
  RouteMatch match(const RouteQuery& query, bool explain = false) const;

  // Throws ApiError 422 naming the rule and field (routes[2].prefix); nothing changes then.
  void replace(const Caller& who, std::vector<RouteRule> rules);

private:
  void validate(std::vector<RouteRule>& rules) const;

  db::ConnectionPool& pool_;
  ProviderSet& providers_;
  std::mutex editMutex_;  // one replace() at a time: the store and the snapshot agree
  mutable std::mutex mutex_;
  std::shared_ptr<const RouteTable> table_ = std::make_shared<RouteTable>();
};

}  // namespace pigeon::host
