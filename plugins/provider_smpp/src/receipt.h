#pragma once
// Delivery receipts (deliver_sm with esm_class 0x04 or 0x08): which message they are about
// and its final state, from the receipted_message_id / message_state parameters when the SMSC
// sends them, else from the "id:… stat:… err:…" text of SMPP 3.4 appendix B.

#include <optional>
#include <string>

#include "pdu.h"
#include "pigeon/sdk/delivery_report.h"
#include "smpp_settings.h"

namespace pigeon::smpp {

struct Receipt {
  std::string smscMessageId;                // normalised with normaliseMessageId
  std::optional<sdk::DeliveryState> state;  // empty for intermediate states (ENROUTE, ACCEPTD)
  std::string errorCode;                    // "err:" value or the state name for failures
};

bool isReceipt(const Pdu& deliverSm);
std::optional<Receipt> parseReceipt(const Pdu& deliverSm, DlrIdFormat format);

// The form ids are compared in: lower case, leading zeros dropped. A receipt id written in
// decimal (dlr_id_format = decimal) is first turned into the hex that submit_sm_resp gave.
std::string normaliseMessageId(const std::string& id);

}  // namespace pigeon::smpp
