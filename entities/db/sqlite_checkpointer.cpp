#include "db/sqlite_checkpointer.h"

#include <sqlite3.h>

#include <Poco/Logger.h>

#include "db/sqlite_busy.h"

namespace pigeon::db {

namespace {
constexpr int kBusyTimeoutMs = 10000;
constexpr auto kPauseAfterFailure = std::chrono::seconds(1);
}  // namespace

SqliteCheckpointer::SqliteCheckpointer(std::string path, CheckpointLimits limits)
    : path_(std::move(path)), limits_(limits), thread_([this] { run(); }) {}

SqliteCheckpointer::~SqliteCheckpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  if (handle_) sqlite3_close_v2(handle_);
}

void SqliteCheckpointer::onCommit(int walPages) {
  bool wake;
  {
    std::lock_guard lock(mutex_);
    walPages_ = walPages;
    wake = due();
  }
  if (wake) wake_.notify_one();
}

// The frames not yet copied: since the last checkpoint, unless the WAL was rewound since
// (it then holds fewer frames than that checkpoint saw, all of them new).
bool SqliteCheckpointer::due() const {
  const int waiting = walPages_ >= walPagesSeen_ ? walPages_ - copiedPages_ : walPages_;
  return waiting >= limits_.startPages;
}

std::uint64_t SqliteCheckpointer::checkpoints() const {
  std::lock_guard lock(mutex_);
  return checkpoints_;
}

bool SqliteCheckpointer::waitForCheckpoints(std::uint64_t n,
                                            std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return done_.wait_for(lock, timeout, [&] { return checkpoints_ >= n; });
}

void SqliteCheckpointer::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || due(); });
    if (stopping_) return;
    const int walPages = walPages_;
    lock.unlock();
    checkpoint(walPages);
    lock.lock();
  }
}

void SqliteCheckpointer::checkpoint(int walPages) {
  auto& logger = Poco::Logger::get("store");
  int rc = SQLITE_OK;
  if (!handle_) {
    rc = sqlite3_open_v2(path_.c_str(), &handle_, SQLITE_OPEN_READWRITE, nullptr);
    // A RESTART waits for readers while it holds new writers off: it must not oversleep.
    if (rc == SQLITE_OK) retryBusyEveryMillisecond(handle_, kBusyTimeoutMs);
    // A connection learns the file is in WAL mode when it first reads it; until then a
    // checkpoint does nothing and says so with -1 frames.
    if (rc == SQLITE_OK)
      rc = sqlite3_exec(handle_, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
  }
  const int mode =
      walPages >= limits_.restartPages ? SQLITE_CHECKPOINT_RESTART : SQLITE_CHECKPOINT_PASSIVE;
  int log = 0, copied = 0;
  if (rc == SQLITE_OK) rc = sqlite3_wal_checkpoint_v2(handle_, nullptr, mode, &log, &copied);
  const bool walMode = rc != SQLITE_OK || log >= 0;
  if (!walMode) rc = SQLITE_ERROR;
  std::unique_lock lock(mutex_);
  if (rc == SQLITE_OK) {
    walPagesSeen_ = log;
    copiedPages_ = copied;
    ++checkpoints_;
    done_.notify_all();
    return;
  }
  // SQLITE_BUSY: a RESTART waited out its busy timeout behind a long reader. The WAL stays
  // whole; the next commit asks again after a pause.
  logger.warning("checkpointing %s failed (%s); trying again", path_,
                 std::string(!walMode  ? "the file is not in WAL mode"
                             : handle_ ? sqlite3_errmsg(handle_)
                                       : sqlite3_errstr(rc)));
  if (handle_ && rc != SQLITE_BUSY) {
    sqlite3_close_v2(handle_);
    handle_ = nullptr;
  }
  wake_.wait_for(lock, kPauseAfterFailure, [&] { return stopping_; });
}

}  // namespace pigeon::db
