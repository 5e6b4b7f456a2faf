#pragma once
// The one writer. Every change to the outbox goes through here, and jobs that arrive together
// commit together (group commit): SQLite allows one writer at a time, and both stores pay per
// commit, not per row. A job's `done` runs after its transaction committed, so nothing is
// acknowledged before it is durable.

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "db/database.h"

namespace pigeon::host {

class StoreWriter {
public:
  // Runs inside the writer's transaction. MAY run twice: after a failed group the jobs are
  // retried one by one, so a job writes its results only through what `done` reads.
  using Job = std::function<void(db::Connection&)>;
  using Done = std::function<void(std::exception_ptr)>;  // nullptr = committed

  StoreWriter(db::Database& database, std::size_t maxJobsPerCommit = 2000);
  ~StoreWriter();

  void start();
  void stop();  // finishes the jobs already posted
  void post(Job job, Done done = {});

  // Runs fn in the writer and waits for its commit; rethrows what fn threw.
  template <typename T>
  T call(std::function<T(db::Connection&)> fn) {
    auto result = std::make_shared<T>();
    auto promise = std::make_shared<std::promise<void>>();
    auto future = promise->get_future();
    post([fn = std::move(fn), result](db::Connection& c) { *result = fn(c); },
         [promise](std::exception_ptr e) {
           if (e)
             promise->set_exception(e);
           else
             promise->set_value();
         });
    future.get();
    return std::move(*result);
  }

  std::uint64_t commits() const { return commits_.load(); }

private:
  struct Entry {
    Job job;
    Done done;
  };
  void run();
  void commitGroup(std::deque<Entry>& group);
  void ensureConnection();

  db::Database& database_;
  std::size_t maxJobsPerCommit_;
  std::unique_ptr<db::Connection> connection_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Entry> queue_;
  bool stopping_ = false;
  std::thread thread_;
  std::atomic<std::uint64_t> commits_{0};
};

}  // namespace pigeon::host
