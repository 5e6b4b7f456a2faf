#include "db/sqlite_busy.h"

#include <chrono>
#include <cstdint>
#include <thread>

#include <sqlite3.h>

namespace pigeon::db {

namespace {

// SQLite counts the calls for one wait; each sleeps at least a millisecond, so `count` tries
// have taken at least `count` ms. The timeout rides in the pointer: nothing to outlive.
int retryEveryMillisecond(void* timeoutMs, int count) {
  if (count >= static_cast<int>(reinterpret_cast<std::intptr_t>(timeoutMs))) return 0;
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return 1;
}

}  // namespace

void retryBusyEveryMillisecond(sqlite3* handle, int timeoutMs) {
  sqlite3_busy_handler(handle, retryEveryMillisecond,
                       reinterpret_cast<void*>(static_cast<std::intptr_t>(timeoutMs)));
}

}  // namespace pigeon::db
