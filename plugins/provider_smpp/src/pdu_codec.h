#pragma once
// SMPP 3.4 PDUs to and from bytes. Every length read off the network is checked against what
// is left of the PDU before it is used: a malformed PDU is an error naming the field and the
// command_status to answer it with (in a generic_nack), never a read past the buffer.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "pdu.h"

namespace pigeon::smpp {

// The largest PDU accepted: a 64 KiB message_payload plus the mandatory fields.
inline constexpr std::size_t kMaxPduLength = 70000;
inline constexpr std::size_t kHeaderLength = 16;

// How much of a stream buffer the next PDU takes.
struct Frame {
  enum class State { kNeedMore, kComplete, kInvalid };
  State state = State::kNeedMore;
  std::size_t length = 0;  // kComplete: the PDU's command_length
  std::string error;       // kInvalid: why (the stream cannot be resynchronised; drop the bind)
};
Frame nextFrame(std::span<const std::uint8_t> buffer);

struct Decoded {
  std::optional<Pdu> pdu;
  std::string error;             // set when pdu is empty
  std::uint32_t nackStatus = 0;  // the command_status of the generic_nack to answer with
  std::uint32_t sequence = 0;    // the sequence number, when the header was readable
};
// Decodes exactly one PDU (bytes.size() must be its command_length).
Decoded decodePdu(std::span<const std::uint8_t> bytes);

// Appends the PDU's bytes to `out`. Throws std::invalid_argument naming the field when a value
// does not fit its field (a C-string too long, an integer too large, an unknown command).
void encodePdu(const Pdu& pdu, std::string& out);
std::string encodePdu(const Pdu& pdu);

}  // namespace pigeon::smpp
