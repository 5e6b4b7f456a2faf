// How a message becomes submit_sm parts (UDH, SAR, message_payload) and how receipts are read.

#include <catch2/catch.hpp>

#include "outbound_parts.h"
#include "pigeon/sdk/text/sms_text.h"
#include "receipt.h"

using namespace pigeon;
using namespace pigeon::smpp;

namespace {

sdk::OutboundMessage longGsm() {
  sdk::OutboundMessage m;
  m.id = 1;
  m.to = "+79123456789";
  m.text = std::string(300, 'a') + "{}";  // 304 septets: 2 parts of at most 153
  m.encoding = sdk::Encoding::kGsm7;
  return m;
}

Pdu receiptPdu(const std::string& text) {
  auto p = makePdu(command::kDeliverSm, 1);
  p.set("esm_class", 0x04u);
  p.set("sm_length", static_cast<std::uint32_t>(text.size()));
  p.set("short_message", text);
  return p;
}

}  // namespace

TEST_CASE("SMPP parts: SAR parameters or one message_payload instead of a UDH", "[smpp]") {
  SmppSettings s;
  s.longMessages = LongMessages::kSar;
  auto sar = buildParts(longGsm(), s, 0x1234);
  REQUIRE(sar.error.empty());
  REQUIRE(sar.pdus.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& p = sar.pdus[i];
    CHECK(p.integer("esm_class") == 0);
    CHECK(p.findTlv(tlv::kSarMsgRefNum)->value == std::string("\x12\x34", 2));
    CHECK(p.findTlv(tlv::kSarTotalSegments)->value == std::string(1, '\x02'));
    CHECK(p.findTlv(tlv::kSarSegmentSeqnum)->value == std::string(1, static_cast<char>(i + 1)));
    CHECK(p.text("short_message").size() <= 153 + 1);  // an escape pair is never split
  }
  CHECK(sdk::text::decodeGsm7(sar.pdus[0].text("short_message") +
                              sar.pdus[1].text("short_message")) == longGsm().text);

  s.longMessages = LongMessages::kPayload;
  auto payload = buildParts(longGsm(), s, 1);
  REQUIRE(payload.pdus.size() == 1);
  CHECK(payload.pdus[0].integer("sm_length") == 0);
  CHECK(sdk::text::decodeGsm7(payload.pdus[0].findTlv(tlv::kMessagePayload)->value) ==
        longGsm().text);

  auto bad = longGsm();
  bad.text = "Привет";  // the host would have chosen UCS-2: GSM-7 cannot carry it
  CHECK_THAT(buildParts(bad, s, 1).error, Catch::Contains("cannot carry"));
}

TEST_CASE("SMPP receipts: the TLVs win over the text, decimal ids become hex, states map",
          "[smpp]") {
  auto text = receiptPdu(
      "id:2748 sub:001 dlvrd:000 submit date:2611241200 done date:2611241201 "
      "stat:UNDELIV err:034 text:x");
  REQUIRE(isReceipt(text));
  auto asDecimal = parseReceipt(text, DlrIdFormat::kDecimal);
  REQUIRE(asDecimal);
  CHECK(asDecimal->smscMessageId == "abc");  // 2748 = 0xABC, as submit_sm_resp gave it
  CHECK(asDecimal->state == sdk::DeliveryState::kFailed);
  CHECK(asDecimal->errorCode == "UNDELIV:034");
  CHECK(parseReceipt(text, DlrIdFormat::kHex)->smscMessageId == "2748");

  auto withTlv = receiptPdu("id:1 stat:UNDELIV");
  withTlv.tlvs.push_back({tlv::kReceiptedMessageId, std::string("00AbC\0", 6)});
  withTlv.tlvs.push_back({tlv::kMessageState, std::string(1, '\x02')});
  auto r = parseReceipt(withTlv, DlrIdFormat::kDecimal);
  REQUIRE(r);
  CHECK(r->smscMessageId == "abc");
  CHECK(r->state == sdk::DeliveryState::kDelivered);

  CHECK_FALSE(parseReceipt(receiptPdu("id:1 stat:ENROUTE"), DlrIdFormat::kHex)->state);
  CHECK(parseReceipt(receiptPdu("id:1 stat:EXPIRED"), DlrIdFormat::kHex)->state ==
        sdk::DeliveryState::kExpired);
  CHECK_FALSE(parseReceipt(receiptPdu("no id here"), DlrIdFormat::kHex));
  CHECK_FALSE(parseReceipt(receiptPdu("id:5 stat:WHATEVER"), DlrIdFormat::kHex));
}

TEST_CASE("SMPP receipts: told from inbound SMS by esm_class, or by an id with a state", "[smpp]") {
  auto pdu = [](std::uint32_t esm, const std::string& text) {
    auto p = makePdu(command::kDeliverSm, 1);
    p.set("esm_class", esm);
    p.set("sm_length", static_cast<std::uint32_t>(text.size()));
    p.set("short_message", text);
    return p;
  };
  CHECK(isReceipt(pdu(0x04, "id:1 stat:DELIVRD")));
  CHECK(isReceipt(pdu(0x20, "id:1 stat:ENROUTE")));  // intermediate notification
  CHECK_FALSE(isReceipt(pdu(0x00, "STOP")));
  // esm_class 0 with a receipted_message_id and a state: a receipt from a lax SMSC.
  auto lax = pdu(0x00, "");
  lax.tlvs.push_back({tlv::kReceiptedMessageId, std::string("abc\0", 4)});
  lax.tlvs.push_back({tlv::kMessageState, std::string(1, '\x02')});
  CHECK(isReceipt(lax));
  // A receipted_message_id alone, as Kannel's drive_smpp puts on its inbound SMS: inbound.
  auto kannel = pdu(0x00, "1");
  kannel.tlvs.push_back({tlv::kReceiptedMessageId, std::string("receipted_message_id\0", 21)});
  CHECK_FALSE(isReceipt(kannel));
}
