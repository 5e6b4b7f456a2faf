#pragma once
// The scheduler thread: it runs every piece of scheduled work (campaigns, reminders) and
// sleeps until the earliest moment one of them asked for, or until wake() says something
// changed. There is no polling: an idle scheduler wakes only to renew its lease.
//
// Several hosts on one store: only the host holding the "scheduler" lease runs the work; the
// others try to take the lease every third of its length and do so once the holder stops
// renewing it (it died). Every write checks the lease inside its transaction (leaseCheck()),
// so a host that lost it writes nothing more.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Logger.h>

#include "db/connection_pool.h"
#include "scheduling/scheduled_work.h"

namespace pigeon::host {

class Scheduler {
public:
  Scheduler(db::ConnectionPool& pool, std::string hostId, int leaseSeconds);
  ~Scheduler();

  void add(ScheduledWork& work);  // before start()
  void start();
  void stop();  // gives the lease up, so another host takes over at once
  void wake();

  bool leader() const { return leader_.load(); }
  bool holdsLease(db::Connection& c) const;
  LeaseCheck leaseCheck() const;

  static constexpr const char* kLease = "scheduler";

private:
  void run();
  std::int64_t pass(std::int64_t now);  // returns when the next one is due
  bool renewLease(std::int64_t now);

  db::ConnectionPool& pool_;
  const std::string hostId_;
  const std::int64_t leaseMs_;
  std::vector<ScheduledWork*> work_;
  Poco::Logger& logger_;

  std::atomic<bool> leader_{false};
  std::int64_t leaseRenewAt_ = 0;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::uint64_t wakeups_ = 0;  // guarded by mutex_
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace pigeon::host
