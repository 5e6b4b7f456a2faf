#pragma once
// Where provider instances report what happened to the messages they took.

#include <string>

#include "pigeon/sdk/delivery_report.h"

namespace pigeon::host {

class ProviderEvents {
public:
  virtual ~ProviderEvents() = default;
  // All three are thread-safe and return quickly: they queue, a writer persists.
  virtual void submitted(const std::string& instance, const sdk::SubmitOutcome& outcome) = 0;
  virtual void deliveryReport(const std::string& instance, const sdk::DeliveryReport& report) = 0;
  virtual void inbound(const std::string& instance, const sdk::InboundMessage& message) = 0;
};

}  // namespace pigeon::host
