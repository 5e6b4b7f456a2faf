#pragma once
// Hands events on to webhooks, on its own thread: each round it reads every subscribed
// source after its cursor and stores one delivery per webhook per batch (up to 100 events),
// advancing the cursor in the same transaction; then it POSTs the deliveries that are due.
// A delivery answered 2xx is done; any other answer, or none, is tried again after
// retry_base_ms, three times longer after each try (at most an hour), until max_attempts,
// when it is failed. A webhook whose POST fails waits for the next round, so one dead URL costs
// a round one timeout. Deliveries are stored before they are sent, so a restart loses none;
// a webhook may see an event twice (after a crash mid-POST) and must not rely on order.
// Once an hour, deliveries finished more than retention_days ago are removed.

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

#include <Poco/Logger.h>

#include "db/connection_pool.h"
#include "repositories/webhook_repository.h"
#include "webhooks/webhook_settings.h"
#include "webhooks/webhook_sources.h"

namespace pigeon::host {

class WebhookWorker {
public:
  WebhookWorker(db::ConnectionPool& pool, const WebhookSources& sources, WebhookSettings settings);
  ~WebhookWorker();

  void start();
  void stop();
  void wake();  // a webhook changed or a delivery is due now

  static constexpr int kBatch = 100;

private:
  void run();
  void round();
  void feed(db::Connection& c, const std::vector<db::WebhookRecord>& hooks);
  void sendDue(db::Connection& c, const std::vector<db::WebhookRecord>& hooks);
  bool attempt(db::WebhookDelivery& d, const db::WebhookRecord& hook);  // true: delivered
  void record(db::Connection& c, db::WebhookDelivery& d);
  void prune(db::Connection& c);
  bool stopping();
  std::int64_t nextDelay(int attempts) const;

  db::ConnectionPool& pool_;
  const WebhookSources& sources_;
  const WebhookSettings settings_;
  Poco::Logger& logger_;
  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool woken_ = false;
  bool stopping_ = false;
  std::int64_t lastPruneAt_ = 0;  // the worker thread's own
  std::thread thread_;
};

}  // namespace pigeon::host
