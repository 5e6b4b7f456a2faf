#pragma once
// Calls plugin code on its own thread and waits at most `limit` for it. A plugin that hangs
// (in its factory, in balance()) costs one parked thread, not the host's: the caller gets
// nullopt and goes on. The function object must own whatever the call needs (the library, the
// provider), because a late call finishes after the caller has gone; a late result is dropped
// on that thread, before those owners are released. An answer in time is handed over only
// after the thread has released them, so the caller decides alone when a library unloads.

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
    std::optional<T> result;  // set when the call answered in time
    bool abandoned = false;   // the caller stopped waiting before an answer
    bool finished = false;    // the thread let go of everything the call owned
  };
  auto shared = std::make_shared<Shared>();
  std::thread([shared, owner = std::make_unique<Fn>(std::move(fn))]() mutable {
    std::optional<T> result(std::in_place, (*owner)());
    std::unique_lock lock(shared->mutex);
    if (!shared->abandoned) shared->result = std::move(result);
    lock.unlock();
    result.reset();  // a late answer dies here, while its owners still live
    owner.reset();   // then the owners: once the caller wakes, the call holds nothing
    lock.lock();
    shared->finished = true;
    shared->done.notify_one();
  }).detach();
  std::unique_lock lock(shared->mutex);
  if (!shared->done.wait_for(lock, limit, [&] { return shared->finished; })) {
    if (!shared->result) {
      shared->abandoned = true;
      return std::nullopt;
    }
    // It answered in time and is letting go of its owners: a moment more.
    shared->done.wait(lock, [&] { return shared->finished; });
  }
  return std::move(*shared->result);
}

}  // namespace pigeon::host
