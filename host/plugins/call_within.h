#pragma once
// Calls plugin code on its own thread and waits at most `limit` for it. A plugin that hangs
// (in its factory, in balance()) costs one parked thread, not the host's: the caller gets
// nullopt and goes on. The function object must own whatever the call needs (the library, the
// provider), because a late call finishes after the caller has gone; a late result is dropped
// on that thread, before those owners are released.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace pigeon::host {

template <typename T, typename Fn>
std::optional<T> callWithin(std::chrono::milliseconds limit, Fn fn) {
  struct Shared {
    std::mutex mutex;
    std::condition_variable done;
    std::optional<T> result;
    bool abandoned = false;
  };
  auto shared = std::make_shared<Shared>();
  std::thread([shared, fn = std::move(fn)]() mutable {
    T result = fn();
    std::lock_guard lock(shared->mutex);
    if (shared->abandoned) return;  // `result` dies here, while fn still holds its owners
    shared->result.emplace(std::move(result));
    shared->done.notify_one();
  }).detach();
  std::unique_lock lock(shared->mutex);
  if (!shared->done.wait_for(lock, limit, [&] { return shared->result.has_value(); })) {
    shared->abandoned = true;
    return std::nullopt;
  }
  return std::move(*shared->result);
}

}  // namespace pigeon::host
