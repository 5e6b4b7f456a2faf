#include "smsru_codes.h"

#include <string>

namespace pigeon::smsru {

namespace {

enum class Kind { kTemporary, kPermanent, kNoRoute, kThrottled, kAccount };

struct RequestCode {
  int code;
  Kind kind;
  const char* meaning;
};

// From SMS.ru's API documentation. Codes it does not list are retried.
constexpr RequestCode kRequestCodes[] = {
    {200, Kind::kAccount, "wrong api_id"},
    {201, Kind::kAccount, "not enough money on the account"},
    {202, Kind::kNoRoute, "wrong recipient, or no route to it"},
    {203, Kind::kPermanent, "no message text"},
    {204, Kind::kPermanent, "sender name not approved"},
    {205, Kind::kPermanent, "message too long (over 8 SMS)"},
    {206, Kind::kThrottled, "daily message limit reached"},
    {207, Kind::kNoRoute, "no route to this number"},
    {208, Kind::kPermanent, "wrong send time"},
    {209, Kind::kPermanent, "number in the account's stop list"},
    {210, Kind::kPermanent, "GET used where POST is required"},
    {211, Kind::kPermanent, "method not found"},
    {212, Kind::kPermanent, "text not in UTF-8"},
    {213, Kind::kPermanent, "too many numbers in one request"},
    {214, Kind::kNoRoute, "foreign numbers are off for this account"},
    {215, Kind::kPermanent, "number in SMS.ru's stop list"},
    {216, Kind::kPermanent, "forbidden word in the text"},
    {217, Kind::kPermanent, "credit advertising without the required notice"},
    {220, Kind::kTemporary, "service temporarily unavailable"},
    {221, Kind::kPermanent, "a letter sender name is required"},
    {230, Kind::kPermanent, "daily limit of messages to this number"},
    {231, Kind::kPermanent, "the same text to this number within a minute"},
    {232, Kind::kPermanent, "the same text to this number within a day"},
    {233, Kind::kPermanent, "too many code messages to this number"},
    {300, Kind::kAccount, "wrong token"},
    {301, Kind::kAccount, "wrong api_id or password"},
    {302, Kind::kAccount, "account not confirmed"},
    {500, Kind::kTemporary, "SMS.ru server error"},
    {550, Kind::kNoRoute, "the destination country is blocked"},
};

struct StateCode {
  int code;
  std::optional<sdk::DeliveryState> state;
};

constexpr StateCode kStateCodes[] = {
    {100, std::nullopt},  // queued
    {101, std::nullopt},  // being handed to the operator
    {102, std::nullopt},  // sent, in transit
    {103, sdk::DeliveryState::kDelivered},
    {104, sdk::DeliveryState::kExpired},    // lifetime expired
    {105, sdk::DeliveryState::kFailed},     // deleted by the operator
    {106, sdk::DeliveryState::kFailed},     // phone failure
    {107, sdk::DeliveryState::kFailed},     // unknown reason
    {108, sdk::DeliveryState::kFailed},     // rejected
    {110, sdk::DeliveryState::kDelivered},  // read
    {150, sdk::DeliveryState::kFailed},     // no route found
};

}  // namespace

RequestError requestError(int code, const std::string& text) {
  const auto providerCode = std::to_string(code);
  for (const auto& c : kRequestCodes) {
    if (c.code != code) continue;
    auto message = "SMS.ru answered " + providerCode + " (" + c.meaning + ")";
    if (!text.empty()) message += ": " + text;
    switch (c.kind) {
      case Kind::kPermanent:
        return {sdk::Status::permanent(message, providerCode)};
      case Kind::kNoRoute:
        return {sdk::Status::noRoute(message, providerCode)};
      case Kind::kThrottled:
        return {sdk::Status::throttled(message, providerCode)};
      case Kind::kAccount:
        return {sdk::Status::temporary(message, providerCode), true};
      case Kind::kTemporary:
        return {sdk::Status::temporary(message, providerCode)};
    }
  }
  // 501-508 are anti-fraud limits that pass: retried like any code the table does not know.
  return {sdk::Status::temporary(
      "SMS.ru answered " + providerCode + (text.empty() ? "" : ": " + text), providerCode)};
}

std::optional<sdk::DeliveryState> messageState(int code) {
  for (const auto& s : kStateCodes)
    if (s.code == code) return s.state;
  return std::nullopt;  // unknown: wait for a state we understand
}

}  // namespace pigeon::smsru
