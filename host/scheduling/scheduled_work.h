#pragma once
// Work the Scheduler runs on the host that holds its lease: campaigns, reminders. A pass does
// what is due and says when it wants the next one; it may throw, and is tried again later.

#include <cstdint>
#include <functional>

#include "db/connection.h"

namespace pigeon::host {

// Whether this host may still write for the scheduler, asked inside the write's transaction.
using LeaseCheck = std::function<bool(db::Connection&)>;

class ScheduledWork {
public:
  virtual ~ScheduledWork() = default;

  virtual const char* name() const = 0;
  // Does what is due at `now`; returns when the next pass is due (epoch ms).
  virtual std::int64_t pass(std::int64_t now) = 0;
};

}  // namespace pigeon::host
