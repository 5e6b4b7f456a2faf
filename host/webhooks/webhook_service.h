#pragma once
// Webhooks as admins and the API change them: the URL (http or https), the events (each one
// a WebhookSources name), the secret (generated when not given), on or off. Checked here
// (ApiError naming the field). A change wakes the worker; subscribing to an event no enabled
// webhook wanted before starts its source at the newest row, so nobody gets history.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api/api_types.h"
#include "db/connection_pool.h"
#include "repositories/webhook_repository.h"
#include "webhooks/webhook_sources.h"

namespace pigeon::host {

struct WebhookInput {
  std::string url;
  std::vector<std::string> events;
  std::optional<std::string> secret;  // none: keep (update) or generate (create)
  bool enabled = true;
};

class WebhookService {
public:
  WebhookService(db::ConnectionPool& pool, const WebhookSources& sources)
      : pool_(pool), sources_(sources) {}

  void onChange(std::function<void()> fn) { onChange_ = std::move(fn); }

  std::vector<db::WebhookRecord> list();
  db::WebhookRecord get(std::int64_t id);  // ApiError 404
  db::WebhookRecord create(const WebhookInput& input, const std::string& by);
  db::WebhookRecord update(std::int64_t id, const WebhookInput& input);
  void remove(std::int64_t id);

  std::vector<db::WebhookDelivery> deliveries(std::int64_t id, std::int64_t before, int limit);
  // Queues a "ping" event to the webhook, due now.
  void ping(std::int64_t id);
  // Sends a failed (given up) delivery again from its first try. ApiError 404/409.
  void retry(std::int64_t id, std::int64_t deliveryId);

private:
  void check(const WebhookInput& input) const;
  void startNewSources(db::Connection& c, const std::vector<std::string>& events,
                       std::int64_t except);
  void changed() const {
    if (onChange_) onChange_();
  }

  db::ConnectionPool& pool_;
  const WebhookSources& sources_;
  std::function<void()> onChange_;
};

}  // namespace pigeon::host
