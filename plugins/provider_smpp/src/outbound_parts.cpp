#include "outbound_parts.h"

#include <algorithm>

#include "pigeon/sdk/text/sms_text.h"

namespace pigeon::smpp {

namespace {

constexpr std::uint32_t kEsmUdhi = 0x40;
constexpr std::uint32_t kDataCodingUcs2 = 8;

constexpr std::uint32_t kDataCodingIa5 = 1;

bool isAscii(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; });
}

// data_coding 1 (IA5) carries ASCII as it is; a GSM-7 text with other characters goes as GSM
// 03.38 under data_coding 0 instead.
std::uint32_t dataCodingFor(const sdk::OutboundMessage& m, const SmppSettings& s) {
  if (m.encoding == sdk::Encoding::kUcs2) return kDataCodingUcs2;
  return s.dataCoding == static_cast<int>(kDataCodingIa5) && isAscii(m.text) ? kDataCodingIa5 : 0;
}

std::optional<std::string> encodePart(const std::string& utf8, std::uint32_t dataCoding) {
  if (dataCoding == kDataCodingIa5) return utf8;
  return dataCoding == kDataCodingUcs2 ? sdk::text::encodeUcs2(utf8) : sdk::text::encodeGsm7(utf8);
}

std::string twoOctets(std::uint32_t v) {
  return std::string{static_cast<char>(v >> 8), static_cast<char>(v & 0xFF)};
}

Pdu basePdu(const sdk::OutboundMessage& m, const SmppSettings& s) {
  auto pdu = makePdu(command::kSubmitSm, 0);
  pdu.set("source_addr_ton", static_cast<std::uint32_t>(m.from.empty() ? 0 : s.sourceTon));
  pdu.set("source_addr_npi", static_cast<std::uint32_t>(m.from.empty() ? 0 : s.sourceNpi));
  pdu.set("source_addr", m.from);
  // E.164 without its '+': international, ISDN numbering plan.
  pdu.set("dest_addr_ton", 1u);
  pdu.set("dest_addr_npi", 1u);
  pdu.set("destination_addr", m.to.empty() || m.to[0] != '+' ? m.to : m.to.substr(1));
  pdu.set("registered_delivery", 1u);
  pdu.set("data_coding", dataCodingFor(m, s));
  return pdu;
}

void setMessage(Pdu& pdu, const std::string& bytes) {
  pdu.set("sm_length", static_cast<std::uint32_t>(bytes.size()));
  pdu.set("short_message", bytes);
}

}  // namespace

BuiltParts buildParts(const sdk::OutboundMessage& m, const SmppSettings& s,
                      std::uint16_t reference) {
  BuiltParts out;
  const auto pieces = sdk::text::splitParts(m.text);
  if (pieces.empty()) {
    out.error = "the text is not valid UTF-8";
    return out;
  }
  std::vector<std::string> encoded;
  for (const auto& piece : pieces) {
    auto bytes = encodePart(piece, dataCodingFor(m, s));
    if (!bytes) {
      out.error = "the text has characters its encoding cannot carry";
      return out;
    }
    encoded.push_back(std::move(*bytes));
  }
  if (encoded.size() > 255) {
    out.error = "the text needs more than 255 parts";
    return out;
  }
  if (encoded.size() == 1) {
    auto pdu = basePdu(m, s);
    setMessage(pdu, encoded[0]);
    out.pdus.push_back(std::move(pdu));
    return out;
  }
  const auto total = static_cast<std::uint32_t>(encoded.size());
  if (s.longMessages == LongMessages::kPayload) {
    std::string all;
    for (const auto& e : encoded) all += e;
    auto pdu = basePdu(m, s);
    setMessage(pdu, "");
    pdu.tlvs.push_back({tlv::kMessagePayload, all});
    out.pdus.push_back(std::move(pdu));
    return out;
  }
  for (std::uint32_t i = 0; i < total; ++i) {
    auto pdu = basePdu(m, s);
    if (s.longMessages == LongMessages::kUdh) {
      // IEI 0x00: concatenation with an 8-bit reference (3GPP TS 23.040, 9.2.3.24.1).
      const std::string udh{0x05,
                            0x00,
                            0x03,
                            static_cast<char>(reference & 0xFF),
                            static_cast<char>(total),
                            static_cast<char>(i + 1)};
      pdu.set("esm_class", kEsmUdhi);
      setMessage(pdu, udh + encoded[i]);
    } else {
      setMessage(pdu, encoded[i]);
      pdu.tlvs.push_back({tlv::kSarMsgRefNum, twoOctets(reference)});
      pdu.tlvs.push_back({tlv::kSarTotalSegments, std::string(1, static_cast<char>(total))});
      pdu.tlvs.push_back({tlv::kSarSegmentSeqnum, std::string(1, static_cast<char>(i + 1))});
    }
    out.pdus.push_back(std::move(pdu));
  }
  return out;
}

}  // namespace pigeon::smpp
