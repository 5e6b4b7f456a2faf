#include "outbox/outbox.h"

#include <Poco/Logger.h>

#include "outbox/clock.h"
#include "repositories/transition_repository.h"

namespace pigeon::host {

std::vector<db::InsertOutcome> Outbox::enqueue(std::vector<db::NewMessage> messages) {
  std::promise<std::vector<db::InsertOutcome>> promise;
  auto future = promise.get_future();
  enqueueAsync(std::move(messages),
               [&promise](std::vector<db::InsertOutcome> outcomes, std::exception_ptr error) {
                 if (error)
                   promise.set_exception(error);
                 else
                   promise.set_value(std::move(outcomes));
               });
  return future.get();
}

void Outbox::enqueueAsync(std::vector<db::NewMessage> messages, Done done) {
  if (messages.empty()) {
    done({}, nullptr);
    return;
  }
  auto request = std::make_shared<Request>();
  request->messages = std::move(messages);
  request->done = std::move(done);
  bool postNow = false;
  {
    std::lock_guard lock(mutex_);
    pending_.push_back(std::move(request));
    postNow = !posted_;
    posted_ = true;
  }
  if (postNow) post(nullptr);
}

// group == nullptr: take whatever is pending when the writer runs the job.
void Outbox::post(std::shared_ptr<Group> group) {
  auto taken = group ? group : std::make_shared<Group>();
  const bool fromPending = !group;
  writer_.post(
      [this, taken, fromPending](db::Connection& c) {
        if (fromPending && taken->empty()) {
          std::lock_guard lock(mutex_);
          taken->swap(pending_);
          posted_ = false;
        }
        std::vector<db::NewMessage> all;
        for (const auto& r : *taken) all.insert(all.end(), r->messages.begin(), r->messages.end());
        auto outcomes = repository_.insert(c, all, nowMs());
        std::size_t at = 0;
        for (const auto& r : *taken) {
          r->outcomes.assign(
              outcomes.begin() + static_cast<std::ptrdiff_t>(at),
              outcomes.begin() + static_cast<std::ptrdiff_t>(at + r->messages.size()));
          at += r->messages.size();
        }
      },
      [this, taken](std::exception_ptr error) { finish(*taken, error); });
}

void Outbox::finish(const Group& group, std::exception_ptr error) {
  if (error && group.size() > 1) {
    // One caller's messages spoiled the merged insert: each caller is tried alone.
    for (const auto& r : group) post(std::make_shared<Group>(Group{r}));
    return;
  }
  if (error) {
    group.front()->done({}, error);
    return;
  }
  std::uint64_t queued = 0;
  for (const auto& r : group)
    for (const auto& o : r->outcomes) queued += o.duplicate ? 0 : 1;
  // The dispatcher first: the callers' answers can wait a moment, the messages should not.
  if (queued) {
    metrics_.countStatus(db::MessageStatus::kQueued, queued);
    dispatcher_.wake();
  }
  for (const auto& r : group) {
    try {
      r->done(std::move(r->outcomes), nullptr);
    } catch (const std::exception& e) {  // one caller's answer must not cost the others theirs
      Poco::Logger::get("outbox").error("answering a queued message failed: %s",
                                        std::string(e.what()));
    }
  }
}

bool Outbox::requeueFailed(std::int64_t id, const std::string& who) {
  const bool requeued = writer_.call<bool>([id, who](db::Connection& c) {
    return db::TransitionRepository().requeueFailed(c, id, who, nowMs());
  });
  if (requeued) {
    metrics_.countStatus(db::MessageStatus::kQueued);
    dispatcher_.wake();
  }
  return requeued;
}

}  // namespace pigeon::host
