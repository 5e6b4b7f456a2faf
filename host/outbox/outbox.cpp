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
        // While nothing older waits, the dispatcher takes new messages straight from here,
        // stored already leased to it: no claim from the store, no extra commit.
        const auto lease = dispatcher_.handoffLease(all.size());
        auto outcomes = repository_.insert(c, all, nowMs(), lease.count ? &lease : nullptr);
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
  bool inStore = false;  // some wait in the store for a claim
  std::vector<db::ClaimedMessage> leased;
  for (const auto& r : group) {
    for (std::size_t k = 0; k < r->outcomes.size(); ++k) {
      const auto& o = r->outcomes[k];
      if (o.duplicate || o.status == db::MessageStatus::kRejected) continue;
      ++queued;
      if (!o.leased) {
        inStore = true;
        continue;
      }
      auto& m = r->messages[k];  // not needed any more: the answer is made from the outcome
      db::ClaimedMessage claimed;
      claimed.id = o.id;
      claimed.to = std::move(m.to);
      claimed.from = std::move(m.from);
      claimed.body = std::move(m.body);
      claimed.encoding = std::move(m.encoding);
      claimed.parts = m.parts;
      claimed.priority = m.priority;
      claimed.requestedProvider = std::move(m.requestedProvider);
      claimed.tag = std::move(m.tag);
      leased.push_back(std::move(claimed));
    }
  }
  // The dispatcher first: the callers' answers can wait a moment, the messages should not.
  if (queued) metrics_.countStatus(db::MessageStatus::kQueued, queued);
  metrics_.countHandoff(leased.size());
  dispatcher_.handOff(std::move(leased));
  if (inStore) dispatcher_.wake();
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
