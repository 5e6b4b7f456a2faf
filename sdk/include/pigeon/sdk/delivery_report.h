#pragma once
// Outcomes a provider reports back to the host, asynchronously.

#include <cstdint>
#include <string>

#include "pigeon/sdk/status.h"

namespace pigeon::sdk {

// The answer to one submit(): accepted with the provider's id, or failed.
struct SubmitOutcome {
  std::int64_t messageId = 0;
  Status status;                  // ok = the provider took it
  std::string providerMessageId;  // set when status is ok
};

enum class DeliveryState { kDelivered, kFailed, kExpired };

struct DeliveryReport {
  std::int64_t messageId = 0;  // 0 when the provider only knows its own id
  std::string providerMessageId;
  DeliveryState state = DeliveryState::kDelivered;
  std::string errorCode;  // the provider's code for failed/expired
};

struct InboundMessage {
  std::string from;  // E.164 if the provider knows it
  std::string to;
  std::string text;  // UTF-8
  std::string providerMessageId;
};

}  // namespace pigeon::sdk
