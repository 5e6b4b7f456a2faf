#pragma once
// SMS.ru's numeric codes, as data: what a request error means for the message (retry, fail,
// try another route) and what a message state means (in transit, delivered, failed).

#include <optional>

#include "pigeon/sdk/delivery_report.h"
#include "pigeon/sdk/status.h"

namespace pigeon::smsru {

// A refusal of /sms/send (top level or for one number) as the host's Status. `accountProblem`
// is set for codes that say the account itself cannot send (bad api_id, no money): the
// instance then reports itself disconnected, so routes fail over to the next one.
struct RequestError {
  sdk::Status status;
  bool accountProblem = false;
};
RequestError requestError(int code, const std::string& text);

// A message state from /sms/status or a callback: nullopt while still in transit.
std::optional<sdk::DeliveryState> messageState(int code);

}  // namespace pigeon::smsru
