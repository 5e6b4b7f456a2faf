#include "providers/balance_refresher.h"

namespace pigeon::host {

void BalanceRefresher::start() {
  if (every_.count() == 0 || thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void BalanceRefresher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BalanceRefresher::run() {
  std::unique_lock lock(mutex_);
  while (!cv_.wait_for(lock, every_, [&] { return stopping_; })) {
    lock.unlock();
    // One instance at a time, each waited for at most the plugin call timeout: a provider that
    // hangs delays the next ones, never the send path.
    for (const auto& instance : providers_.all())
      if (instance->state() == ProviderInstance::State::kRunning)
        (void)instance->cachedBalance(callTimeout_, std::chrono::seconds(0));
    lock.lock();
  }
}

}  // namespace pigeon::host
