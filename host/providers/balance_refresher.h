#pragma once
// Asks every running instance for its balance on a timer, so the admin and
// GET /api/v1/providers show a recent figure without waiting for the provider, and a balance
// running low is seen even when nobody looks.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "providers/provider_set.h"

namespace pigeon::host {

class BalanceRefresher {
public:
  BalanceRefresher(ProviderSet& providers, std::chrono::seconds every,
                   std::chrono::milliseconds callTimeout)
      : providers_(providers), every_(every), callTimeout_(callTimeout) {}
  ~BalanceRefresher() { stop(); }

  void start();  // does nothing when `every` is 0
  void stop();

private:
  void run();

  ProviderSet& providers_;
  std::chrono::seconds every_;
  std::chrono::milliseconds callTimeout_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace pigeon::host
