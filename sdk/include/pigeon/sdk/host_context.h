#pragma once
// What the host offers a plugin instance. The host outlives every instance.

#include <string_view>

#include "pigeon/sdk/delivery_report.h"

namespace pigeon::sdk {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

class HostContext {
public:
  virtual ~HostContext() = default;

  // Thread-safe, non-blocking, never throwing; may be called from any thread the plugin owns,
  // and submitted() also from inside Provider::submit() (an answer known at once).
  virtual void submitted(const SubmitOutcome& outcome) noexcept = 0;
  virtual void deliveryReport(const DeliveryReport& report) noexcept = 0;
  virtual void inbound(const InboundMessage& message) noexcept = 0;
  virtual void log(LogLevel level, std::string_view text) noexcept = 0;
};

}  // namespace pigeon::sdk
