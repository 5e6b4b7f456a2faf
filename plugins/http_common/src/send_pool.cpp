#include "send_pool.h"

#include <algorithm>

namespace pigeon::http {

SendPool::SendPool(int threads, int window, int maxTps)
    : threads_(std::max(1, threads)), window_(std::max(1, window)), maxTps_(maxTps) {}

SendPool::~SendPool() { stop(); }

void SendPool::start() {
  std::lock_guard lock(mutex_);
  if (!stopping_) return;
  stopping_ = false;
  for (int i = 0; i < threads_; ++i) workers_.emplace_back([this] { run(); });
}

void SendPool::stop() {
  std::deque<std::pair<Job, Job>> left;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    left.swap(jobs_);
  }
  cv_.notify_all();
  for (auto& w : workers_)
    if (w.joinable()) w.join();
  workers_.clear();
  for (auto& [job, dropped] : left)
    if (dropped) dropped();
}

SendPool::Admit SendPool::offer(Job job, Job dropped, int weight) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return Admit::kStopped;
    if (static_cast<int>(jobs_.size()) + running_ >= window_) return Admit::kQueueFull;
    if (maxTps_ > 0) {
      const auto now = std::chrono::steady_clock::now();
      if (now - second_ >= std::chrono::seconds(1)) {
        second_ = now;
        usedThisSecond_ = 0;
      }
      // A message with more parts than the limit still goes, alone in its second.
      if (usedThisSecond_ > 0 && usedThisSecond_ + weight > maxTps_) return Admit::kRateLimited;
      usedThisSecond_ += weight;
    }
    jobs_.emplace_back(std::move(job), std::move(dropped));
  }
  cv_.notify_one();
  return Admit::kTaken;
}

sdk::Status SendPool::submit(const sdk::OutboundMessage& message, sdk::HostContext& host, Job send,
                             const std::string& providerName) {
  const auto admitted = offer(
      std::move(send),
      [&host, id = message.id, providerName] {
        host.submitted(
            {id, sdk::Status::temporary("stopped before it was sent to " + providerName), ""});
      },
      message.parts);
  switch (admitted) {
    case Admit::kTaken:
      return sdk::Status::ok();
    case Admit::kQueueFull:
      return sdk::Status::throttled("all " + std::to_string(window_) +
                                    " places of the window are taken");
    case Admit::kRateLimited:
      return sdk::Status::throttled("max_tps reached");
    case Admit::kStopped:
      break;
  }
  return sdk::Status::temporary("the " + providerName + " provider is not running");
}

int SendPool::queued() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(jobs_.size()) + running_;
}

void SendPool::run() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front().first);
      jobs_.pop_front();
      ++running_;
    }
    job();  // jobs never throw: each catches and reports its own failure
    std::lock_guard lock(mutex_);
    --running_;
  }
}

}  // namespace pigeon::http
