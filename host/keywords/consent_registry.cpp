#include "keywords/consent_registry.h"

#include <mutex>

#include "outbox/clock.h"

namespace pigeon::host {

void ConsentRegistry::load() {
  auto c = pool_.acquire();
  auto phones = db::ConsentRepository::allOptedOut(*c);
  std::unique_lock lock(mutex_);
  optedOut_ = std::unordered_set<std::string>(phones.begin(), phones.end());
}

bool ConsentRegistry::optedOut(const std::string& e164) const {
  std::shared_lock lock(mutex_);
  return optedOut_.count(e164) != 0;
}

bool ConsentRegistry::record(db::ConsentEvent event) {
  if (!event.at) event.at = nowMs();
  // One change at a time, store and memory together: two changes of one number can neither
  // race for its opt_outs row nor reach the set in another order than the store's.
  std::lock_guard changing(changeMutex_);
  bool changed = false;
  {
    auto c = pool_.acquire();
    db::Transaction tx(*c);
    changed = db::ConsentRepository::record(*c, event);
    tx.commit();
  }
  std::unique_lock lock(mutex_);
  if (event.optOut)
    optedOut_.insert(event.phone);
  else
    optedOut_.erase(event.phone);
  return changed;
}

}  // namespace pigeon::host
