#include "db/connection_pool.h"

namespace pigeon::db {

ConnectionPool::Lease ConnectionPool::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(c));
    }
  }
  return Lease(*this, database_.connect());
}

void ConnectionPool::giveBack(std::unique_ptr<Connection> c) {
  if (!c) return;
  std::lock_guard lock(mutex_);
  if (idle_.size() < maxIdle_) idle_.push_back(std::move(c));
}

}  // namespace pigeon::db
