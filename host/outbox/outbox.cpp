#include "outbox/outbox.h"

#include "outbox/clock.h"

namespace pigeon::host {

std::vector<db::InsertOutcome> Outbox::enqueue(std::vector<db::NewMessage> messages) {
  if (messages.empty()) return {};
  auto outcomes = writer_.call<std::vector<db::InsertOutcome>>(
      [this, messages = std::move(messages)](db::Connection& c) {
        return repository_.insert(c, messages, nowMs());
      });
  std::uint64_t queued = 0;
  for (const auto& o : outcomes) queued += o.duplicate ? 0 : 1;
  if (queued) {
    metrics_.countStatus(db::MessageStatus::kQueued, queued);
    dispatcher_.wake();
  }
  return outcomes;
}

}  // namespace pigeon::host
