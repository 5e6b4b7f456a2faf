#pragma once
// The MT routing table as stored: one row per rule, by position. Saved whole, in one
// transaction, so the host never reads half an edit.

#include <string>
#include <vector>

#include "db/connection.h"

namespace pigeon::db {

struct StoredRoute {
  std::string name;
  std::string prefix;
  std::string sender;
  std::string tag;
  std::string provider;
  std::vector<std::string> instances;
};

class RouteRepository {
public:
  std::vector<StoredRoute> all(Connection& c);
  // Replaces the table; the caller holds the transaction.
  void replaceAll(Connection& c, const std::vector<StoredRoute>& routes);
};

}  // namespace pigeon::db
