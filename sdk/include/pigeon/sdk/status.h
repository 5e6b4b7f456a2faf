#pragma once
// Status: the value every call on the send path and across the plugin boundary returns.
// Exceptions never cross the boundary; a failure is one of the codes below plus a reason.

#include <string>
#include <utility>

namespace pigeon::sdk {

// One table of codes (STYLE.md rule 4). Numbers are stable: removed codes leave gaps.
enum class StatusCode : int {
  kOk = 0,
  kTemporary = 1,        // try again later (network down, provider busy)
  kPermanent = 2,        // never succeeds as is (bad number, rejected content, no route)
  kThrottled = 3,        // over a rate limit: back off, then retry
  kInvalidArgument = 4,  // the caller's input is wrong
  kInternal = 5,         // a bug or an unexpected state (a plugin threw)
  kNoRoute = 6,          // this provider cannot reach the destination; another one may
};

const char* statusCodeName(StatusCode code) noexcept;

class Status {
public:
  Status() = default;
  Status(StatusCode code, std::string message, std::string providerCode = {})
      : code_(code), message_(std::move(message)), providerCode_(std::move(providerCode)) {}

  static Status ok() { return {}; }
  static Status temporary(std::string m, std::string pc = {}) {
    return {StatusCode::kTemporary, std::move(m), std::move(pc)};
  }
  static Status permanent(std::string m, std::string pc = {}) {
    return {StatusCode::kPermanent, std::move(m), std::move(pc)};
  }
  static Status throttled(std::string m, std::string pc = {}) {
    return {StatusCode::kThrottled, std::move(m), std::move(pc)};
  }
  static Status invalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
  static Status noRoute(std::string m, std::string pc = {}) {
    return {StatusCode::kNoRoute, std::move(m), std::move(pc)};
  }

  bool isOk() const noexcept { return code_ == StatusCode::kOk; }
  // Temporary and throttled failures are worth another attempt; the rest are final.
  bool isRetryable() const noexcept {
    return code_ == StatusCode::kTemporary || code_ == StatusCode::kThrottled;
  }
  StatusCode code() const noexcept { return code_; }
  const std::string& message() const noexcept { return message_; }
  // The provider's own error code (SMPP command_status, HTTP API code), if any.
  const std::string& providerCode() const noexcept { return providerCode_; }

private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string providerCode_;
};

inline const char* statusCodeName(StatusCode code) noexcept {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kTemporary:
      return "temporary";
    case StatusCode::kPermanent:
      return "permanent";
    case StatusCode::kThrottled:
      return "throttled";
    case StatusCode::kInvalidArgument:
      return "invalid_argument";
    case StatusCode::kInternal:
      return "internal";
    case StatusCode::kNoRoute:
      return "no_route";
  }
  return "unknown";
}

}  // namespace pigeon::sdk
