#pragma once
// The submit_sm PDUs for one message: its text encoded (GSM 03.38 or UCS-2, as the host
// chose), split into parts the way the host counted them, and joined by a UDH, by SAR
// parameters, or sent whole in message_payload.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pdu.h"
#include "pigeon/sdk/message.h"
#include "smpp_settings.h"

namespace pigeon::smpp {

struct BuiltParts {
  std::vector<Pdu> pdus;  // sequence numbers are left at 0 for the session to assign
  std::string error;      // set when the text cannot be sent (then pdus is empty)
};

// `reference` tells the parts of concatenated messages apart at the handset (mod 256 for UDH,
// 65536 for SAR).
BuiltParts buildParts(const sdk::OutboundMessage& message, const SmppSettings& settings,
                      std::uint16_t reference);

}  // namespace pigeon::smpp
