#include "echo_provider.h"

namespace example {

using namespace pigeon::sdk;

// Contract rule 2: every message submit() takes gets exactly one submitted() call; here it
// comes at once, from inside submit(), which the host allows.
Status EchoProvider::submit(const OutboundMessage& message) {
  const auto id = idPrefix_ + std::to_string(++sent_);
  host_.submitted({message.id, Status::ok(), id});
  host_.deliveryReport({message.id, id, DeliveryState::kDelivered, ""});
  return Status::ok();
}

Result<Balance> EchoProvider::balance() {
  return Balance{static_cast<double>(sent_.load()), "messages echoed"};
}

}  // namespace example
