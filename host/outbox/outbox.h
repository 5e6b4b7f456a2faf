#pragma once
// The front door of the send path: queues validated messages durably and wakes the
// dispatcher. Returns only after the messages are committed.

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

  // One transaction for the whole list. Throws db::DbError if the store refuses it.
  std::vector<db::InsertOutcome> enqueue(std::vector<db::NewMessage> messages);

private:
  StoreWriter& writer_;
  Dispatcher& dispatcher_;
  Metrics& metrics_;
  db::MessageRepository repository_;
};

}  // namespace pigeon::host
