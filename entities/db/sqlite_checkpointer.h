#pragma once
// Copies the WAL back into the database file on a thread and connection of its own, so no
// commit ever waits for a checkpoint. SQLite's automatic checkpoint runs inside whichever
// commit takes the WAL past 1 000 pages: that commit copies the pages and fsyncs both files,
// and every caller waiting on it (a group of API calls, the provider answers behind them)
// waits too. docs/PERFORMANCE.md has what it cost.
//
// Every connection of the store reports its commits here (onCommit, from SQLite's WAL hook,
// which replaces the automatic checkpoint). Once `startPages` frames wait to be copied, the
// thread runs a PASSIVE checkpoint: it copies what it can while the writer goes on. Under a
// writer that never pauses the WAL may still grow, because SQLite rewinds it only when a
// checkpoint caught up before the next commit; past `restartPages` the thread runs a RESTART
// checkpoint, which makes the next commit wait until the WAL is copied and can be rewound.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace pigeon::db {

struct CheckpointLimits {
  int startPages = 2000;     // 8 MB of 4 KB pages
  int restartPages = 32000;  // 128 MB: the most the WAL should grow to
};

class SqliteCheckpointer {
public:
  SqliteCheckpointer(std::string path, CheckpointLimits limits);
  ~SqliteCheckpointer();  // stops the thread; SQLite checkpoints when the last connection closes
  SqliteCheckpointer(const SqliteCheckpointer&) = delete;
  SqliteCheckpointer& operator=(const SqliteCheckpointer&) = delete;

  // A commit left `walPages` frames in the WAL. Called inside the commit: only records it.
  void onCommit(int walPages);

  std::uint64_t checkpoints() const;
  // Waits until at least n checkpoints have run, or the timeout passes (for tests).
  bool waitForCheckpoints(std::uint64_t n, std::chrono::milliseconds timeout) const;

private:
  void run();
  bool due() const;  // mutex_ held
  void checkpoint(int walPages);

  std::string path_;
  CheckpointLimits limits_;
  sqlite3* handle_ = nullptr;  // opened by the thread at its first checkpoint
  mutable std::mutex mutex_;
  mutable std::condition_variable wake_;
  mutable std::condition_variable done_;
  int walPages_ = 0;      // as the latest commit left it
  int copiedPages_ = 0;   // frames the last checkpoint copied (of a WAL of walPagesSeen_)
  int walPagesSeen_ = 0;  // the WAL's frames when the last checkpoint ran
  std::uint64_t checkpoints_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace pigeon::db
