#include "receipt.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace pigeon::smpp {

namespace {

constexpr std::uint32_t kEsmReceiptMask = 0x3C;
constexpr std::uint32_t kEsmDeliveryReceipt = 0x04;
constexpr std::uint32_t kEsmIntermediate = 0x20;

struct StateName {
  const char* stat;           // in the receipt text
  std::uint8_t messageState;  // the message_state parameter's value
  std::optional<sdk::DeliveryState> state;
};

constexpr StateName kStates[] = {
    {"ENROUTE", 1, std::nullopt},
    {"DELIVRD", 2, sdk::DeliveryState::kDelivered},
    {"EXPIRED", 3, sdk::DeliveryState::kExpired},
    {"DELETED", 4, sdk::DeliveryState::kFailed},
    {"UNDELIV", 5, sdk::DeliveryState::kFailed},
    {"ACCEPTD", 6, std::nullopt},
    {"UNKNOWN", 7, sdk::DeliveryState::kFailed},
    {"REJECTD", 8, sdk::DeliveryState::kFailed},
};

// The value after "key:" in a receipt text, up to the next space.
std::string textField(const std::string& text, const std::string& key) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto at = lower.find(key + ":");
  if (at == std::string::npos) return {};
  const auto start = at + key.size() + 1;
  const auto end = text.find(' ', start);
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::string decimalToHex(const std::string& decimal) {
  unsigned long long v = 0;
  for (char c : decimal) {
    if (!std::isdigit(static_cast<unsigned char>(c)) || v > (~0ULL - 9) / 10) return decimal;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  char hex[24];
  std::snprintf(hex, sizeof hex, "%llx", v);
  return hex;
}

}  // namespace

std::string normaliseMessageId(const std::string& id) {
  std::string out;
  for (char c : id) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto first = out.find_first_not_of('0');
  return first == std::string::npos ? (out.empty() ? out : "0") : out.substr(first);
}

// The esm_class says so; or, for SMSCs that leave it 0, a receipted_message_id together with
// a state (the message_state parameter or a "stat:" text). A receipted_message_id alone is not
// enough: Kannel's drive_smpp sends one, filled with junk, on every inbound SMS.
bool isReceipt(const Pdu& pdu) {
  const auto esm = pdu.integer("esm_class") & kEsmReceiptMask;
  if (esm == kEsmDeliveryReceipt || esm == kEsmIntermediate) return true;
  return pdu.findTlv(tlv::kReceiptedMessageId) != nullptr &&
         (pdu.findTlv(tlv::kMessageState) != nullptr ||
          pdu.text("short_message").find("stat:") != std::string::npos);
}

std::optional<Receipt> parseReceipt(const Pdu& pdu, DlrIdFormat format) {
  Receipt r;
  const auto& text = pdu.text("short_message");
  std::string id;
  if (const auto* t = pdu.findTlv(tlv::kReceiptedMessageId))
    id = t->value.substr(0, t->value.find('\0'));  // a C-octet string inside the TLV
  bool fromText = false;
  if (id.empty()) {
    id = textField(text, "id");
    fromText = true;
  }
  if (id.empty()) return std::nullopt;
  // The decimal form only ever comes in the text; receipted_message_id matches submit_sm_resp.
  r.smscMessageId =
      normaliseMessageId(fromText && format == DlrIdFormat::kDecimal ? decimalToHex(id) : id);

  const StateName* state = nullptr;
  if (const auto* t = pdu.findTlv(tlv::kMessageState); t && t->value.size() == 1)
    for (const auto& s : kStates)
      if (s.messageState == static_cast<std::uint8_t>(t->value[0])) state = &s;
  if (!state) {
    const auto stat = textField(text, "stat");
    for (const auto& s : kStates)
      if (stat == s.stat) state = &s;
  }
  if (!state) return std::nullopt;
  r.state = state->state;
  if (r.state && *r.state != sdk::DeliveryState::kDelivered) {
    const auto err = textField(text, "err");
    r.errorCode = err.empty() ? state->stat : std::string(state->stat) + ":" + err;
  }
  return r;
}

}  // namespace pigeon::smpp
