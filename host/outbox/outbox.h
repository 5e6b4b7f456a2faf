#pragma once
// The front door of the send path: queues validated messages durably and wakes the
// dispatcher. Returns only after the messages are committed.
//
// Calls that arrive while a write is pending are merged into one store job, so 32 clients
// sending one message each cost one multi-row INSERT, not 32.

#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <vector>

#include "metrics/metrics.h"
#include "outbox/dispatcher.h"
#include "outbox/store_writer.h"
#include "repositories/message_repository.h"

namespace pigeon::host {

class Outbox {
public:
  Outbox(StoreWriter& writer, Dispatcher& dispatcher, Metrics& metrics)
      : writer_(writer), dispatcher_(dispatcher), metrics_(metrics) {}

  // Called once the messages are committed (outcomes in the order given, no error) or refused
  // (error set, no outcomes). Runs on the writer thread: keep it short.
  using Done = std::function<void(std::vector<db::InsertOutcome>, std::exception_ptr)>;

  // One transaction for the whole list. Throws db::DbError if the store refuses it.
  std::vector<db::InsertOutcome> enqueue(std::vector<db::NewMessage> messages);
  // The same without waiting: for the HTTP server's event loop. `done` may run before this
  // returns (an empty list).
  void enqueueAsync(std::vector<db::NewMessage> messages, Done done);
  // Sends a failed message again (see TransitionRepository::requeueFailed), through the
  // writer like every change of the outbox. False when the message was not failed.
  bool requeueFailed(std::int64_t id, const std::string& who);

private:
  struct Request {
    std::vector<db::NewMessage> messages;
    std::vector<db::InsertOutcome> outcomes;
    Done done;
  };
  using Group = std::vector<std::shared_ptr<Request>>;

  void post(std::shared_ptr<Group> group);
  void finish(const Group& group, std::exception_ptr error);

  StoreWriter& writer_;
  Dispatcher& dispatcher_;
  Metrics& metrics_;
  db::MessageRepository repository_;
  std::mutex mutex_;
  Group pending_;
  bool posted_ = false;
};

}  // namespace pigeon::host
