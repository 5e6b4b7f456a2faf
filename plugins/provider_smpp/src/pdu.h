#pragma once
// One SMPP 3.4 PDU: the header, the mandatory fields of its command (in the order the command
// table in pdu_table.cpp gives), and the optional TLVs. Integers are held widened to 32 bits,
// C-octet strings and octet strings as std::string (bytes, not necessarily text).

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace pigeon::smpp {

namespace command {
inline constexpr std::uint32_t kGenericNack = 0x80000000;
inline constexpr std::uint32_t kBindReceiver = 0x00000001;
inline constexpr std::uint32_t kBindTransmitter = 0x00000002;
inline constexpr std::uint32_t kSubmitSm = 0x00000004;
inline constexpr std::uint32_t kDeliverSm = 0x00000005;
inline constexpr std::uint32_t kUnbind = 0x00000006;
inline constexpr std::uint32_t kBindTransceiver = 0x00000009;
inline constexpr std::uint32_t kEnquireLink = 0x00000015;
inline constexpr std::uint32_t kDataSm = 0x00000103;
inline constexpr std::uint32_t kResponseBit = 0x80000000;
}  // namespace command

namespace status {
inline constexpr std::uint32_t kOk = 0x00000000;
inline constexpr std::uint32_t kInvalidMessageLength = 0x00000001;    // ESME_RINVMSGLEN
inline constexpr std::uint32_t kInvalidCommandLength = 0x00000002;    // ESME_RINVCMDLEN
inline constexpr std::uint32_t kInvalidCommandId = 0x00000003;        // ESME_RINVCMDID
inline constexpr std::uint32_t kSystemError = 0x00000008;             // ESME_RSYSERR
inline constexpr std::uint32_t kMessageQueueFull = 0x00000014;        // ESME_RMSGQFUL
inline constexpr std::uint32_t kThrottled = 0x00000058;               // ESME_RTHROTTLED
inline constexpr std::uint32_t kInvalidParameterLength = 0x000000C2;  // ESME_RINVPARLEN
}  // namespace status

namespace tlv {
inline constexpr std::uint16_t kScInterfaceVersion = 0x0210;
inline constexpr std::uint16_t kSarMsgRefNum = 0x020C;
inline constexpr std::uint16_t kSarTotalSegments = 0x020E;
inline constexpr std::uint16_t kSarSegmentSeqnum = 0x020F;
inline constexpr std::uint16_t kMessagePayload = 0x0424;
inline constexpr std::uint16_t kReceiptedMessageId = 0x001E;
inline constexpr std::uint16_t kMessageState = 0x0427;
}  // namespace tlv

using FieldValue = std::variant<std::uint32_t, std::string>;

struct Tlv {
  std::uint16_t tag = 0;
  std::string value;
  bool operator==(const Tlv&) const = default;
};

struct Pdu {
  std::uint32_t commandId = 0;
  std::uint32_t status = 0;
  std::uint32_t sequence = 0;
  // One value per mandatory field of the command, in table order. A response with an error
  // status may carry fewer (SMSCs often send an empty body then).
  std::vector<FieldValue> fields;
  std::vector<Tlv> tlvs;

  // By the field names of SMPP 3.4 ("destination_addr", "short_message"); an absent field
  // reads as 0 or "". set() throws std::invalid_argument for a name the command lacks.
  std::uint32_t integer(std::string_view name) const;
  const std::string& text(std::string_view name) const;
  void set(std::string_view name, FieldValue value);
  const Tlv* findTlv(std::uint16_t tag) const;

  bool operator==(const Pdu&) const = default;
};

// A PDU of `commandId` with every mandatory field at its zero value.
Pdu makePdu(std::uint32_t commandId, std::uint32_t sequence, std::uint32_t status = 0);

}  // namespace pigeon::smpp
