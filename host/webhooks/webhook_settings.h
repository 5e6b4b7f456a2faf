#pragma once
// The webhooks.* settings (docs/CONFIGURATION.md).

namespace pigeon::host {

struct WebhookSettings {
  int pollMs = 500;         // how often sources and due deliveries are looked at
  int timeoutMs = 5000;     // one POST, connection included
  int retryBaseMs = 10000;  // the first retry's delay, three times longer after each
  int maxAttempts = 12;     // tries before a delivery is failed
  int retentionDays = 30;   // how long delivered and failed deliveries are kept
};

}  // namespace pigeon::host
