#pragma once
// What the host offers a plugin instance. The host outlives every instance.

#include <string_view>

#include "pigeon/sdk/delivery_report.h"

namespace pigeon::sdk {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

class HostContext {
public:
  virtual ~HostContext() = default;

  // Thread-safe, non-blocking; may be called from any thread the plugin owns.
  virtual void submitted(const SubmitOutcome& outcome) = 0;
  virtual void deliveryReport(const DeliveryReport& report) = 0;
  virtual void inbound(const InboundMessage& message) = 0;
  virtual void log(LogLevel level, std::string_view text) = 0;
};

}  // namespace pigeon::sdk
