#pragma once
// Sender threads for an HTTP provider: submit() hands a job over at once (or refuses it when
// the queue is full or the rate limit is reached); the threads run jobs, each a network call
// and its report to the host. stop() waits for running jobs and runs the `dropped` action of
// those never started (a temporary failure, so the host sends them again).

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "pigeon/sdk/host_context.h"
#include "pigeon/sdk/message.h"
#include "pigeon/sdk/status.h"

namespace pigeon::http {

class SendPool {
public:
  using Job = std::function<void()>;
  enum class Admit { kTaken, kQueueFull, kRateLimited, kStopped };

  // threads: parallel calls; window: jobs queued or running; maxTps: jobs started per second
  // (0 = no limit), counted by `weight` (SMS parts).
  SendPool(int threads, int window, int maxTps);
  ~SendPool();

  void start();
  void stop();
  Admit offer(Job job, Job dropped, int weight = 1);
  // submit() of an HTTP provider: `send` runs on a sender thread; a message still queued at
  // stop() is answered as a temporary failure. The answer says why a message was refused.
  sdk::Status submit(const sdk::OutboundMessage& message, sdk::HostContext& host, Job send,
                     const std::string& providerName);
  int queued() const;  // queued + running
  int window() const { return window_; }

private:
  void run();

  const int threads_, window_, maxTps_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::pair<Job, Job>> jobs_;  // job, what to do if it never runs
  int running_ = 0;
  bool stopping_ = true;
  std::vector<std::thread> workers_;
  std::chrono::steady_clock::time_point second_{};
  int usedThisSecond_ = 0;
};

}  // namespace pigeon::http
