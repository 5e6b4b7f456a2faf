#include "outbox/store_writer.h"

#include <Poco/Logger.h>

namespace pigeon::host {

StoreWriter::StoreWriter(db::Database& database, std::size_t maxJobsPerCommit)
    : database_(database), maxJobsPerCommit_(maxJobsPerCommit) {}

StoreWriter::~StoreWriter() { stop(); }

void StoreWriter::start() {
  connection_ = database_.connect();
  thread_ = std::thread([this] { run(); });
}

void StoreWriter::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void StoreWriter::post(Job job, Done done) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({std::move(job), std::move(done)});
  }
  wake_.notify_one();
}

void StoreWriter::run() {
  for (;;) {
    std::deque<Entry> group;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      while (!queue_.empty() && group.size() < maxJobsPerCommit_) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    commitGroup(group);
  }
}

namespace {

// A `done` callback must not take the writer thread down with it.
void finish(const StoreWriter::Done& done, std::exception_ptr error) {
  if (!done) return;
  try {
    done(error);
  } catch (const std::exception& e) {
    Poco::Logger::get("store").error("a store job's completion threw: %s", std::string(e.what()));
  } catch (...) {
    Poco::Logger::get("store").error("a store job's completion threw");
  }
}

}  // namespace

// After a failure: if the connection itself is gone (server restarted, network cut), open a
// new one so the next job has a chance; if that fails too, the next failure tries again.
void StoreWriter::ensureConnection() {
  try {
    connection_->query("SELECT 1", {});
    return;
  } catch (const std::exception&) {
  }
  try {
    connection_ = database_.connect();
    Poco::Logger::get("store").warning("the writer reconnected to %s", database_.describe());
  } catch (const std::exception& e) {
    Poco::Logger::get("store").error("the writer cannot reconnect: %s", std::string(e.what()));
  }
}

void StoreWriter::commitGroup(std::deque<Entry>& group) {
  std::exception_ptr error;
  try {
    db::Transaction tx(*connection_);
    for (auto& e : group) e.job(*connection_);
    tx.commit();
    commits_.fetch_add(1, std::memory_order_relaxed);
  } catch (...) {
    error = std::current_exception();
  }
  if (error) ensureConnection();
  if (!error || group.size() == 1) {
    for (auto& e : group) finish(e.done, error);
    return;
  }
  // One job spoiled the group: retry each alone so only the bad one fails.
  for (auto& e : group) {
    std::deque<Entry> single;
    single.push_back(std::move(e));
    commitGroup(single);
  }
}

}  // namespace pigeon::host
