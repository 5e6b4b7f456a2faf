#pragma once
// Who is opted out, for the send paths to ask at memory speed, and the one way to change it:
// every change goes to the consent ledger first, then here.
//
// One host: the set is exact. Several hosts on one store (not built yet) would each need to
// re-read opt_outs; the ledger stays the truth either way.

#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_set>

#include "db/connection_pool.h"
#include "repositories/consent_repository.h"

namespace pigeon::host {

class ConsentRegistry {
public:
  explicit ConsentRegistry(db::ConnectionPool& pool) : pool_(pool) {}

  void load();  // throws db::DbError
  bool optedOut(const std::string& e164) const;
  // Stores the event (e.at is set if 0) and applies it. Returns whether the number's state
  // changed. Throws db::DbError.
  bool record(db::ConsentEvent event);

private:
  db::ConnectionPool& pool_;
  std::mutex changeMutex_;
  mutable std::shared_mutex mutex_;
  std::unordered_set<std::string> optedOut_;
};

}  // namespace pigeon::host
