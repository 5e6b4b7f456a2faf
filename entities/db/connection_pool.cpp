#include "db/connection_pool.h"

namespace pigeon::db {

namespace {
// A server may close a connection left idle (MySQL's wait_timeout): one idle longer than this
// is checked before it is handed out.
constexpr auto kCheckAfterIdle = std::chrono::seconds(30);
}  // namespace

ConnectionPool::Lease ConnectionPool::acquire() {
  for (;;) {
    Idle idle;
    {
      std::lock_guard lock(mutex_);
      if (idle_.empty()) break;
      idle = std::move(idle_.back());
      idle_.pop_back();
    }
    if (std::chrono::steady_clock::now() - idle.since < kCheckAfterIdle)
      return Lease(*this, std::move(idle.connection));
    try {
      idle.connection->query("SELECT 1", {});
      return Lease(*this, std::move(idle.connection));
    } catch (const DbError&) {
      // Closed by the server: drop it and try the next one.
    }
  }
  return Lease(*this, database_.connect());
}

void ConnectionPool::giveBack(std::unique_ptr<Connection> c) {
  if (!c) return;
  std::lock_guard lock(mutex_);
  if (idle_.size() < maxIdle_) idle_.push_back({std::move(c), std::chrono::steady_clock::now()});
}

}  // namespace pigeon::db
