// The SMPP PDU codec: known bytes both ways, round trips, and malformed PDUs refused with the
// status to nack them with.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "pdu_codec.h"

using namespace pigeon::smpp;

namespace {

std::span<const std::uint8_t> bytesOf(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::string unhex(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i + 1 < text.size(); i += 2)
    out += static_cast<char>(std::stoi(text.substr(i, 2), nullptr, 16));
  return out;
}

Pdu submit(const std::string& to, const std::string& text) {
  auto pdu = makePdu(command::kSubmitSm, 42);
  pdu.set("source_addr", std::string("Pigeon"));
  pdu.set("source_addr_ton", 5u);
  pdu.set("dest_addr_ton", 1u);
  pdu.set("dest_addr_npi", 1u);
  pdu.set("destination_addr", to);
  pdu.set("registered_delivery", 1u);
  pdu.set("sm_length", static_cast<std::uint32_t>(text.size()));
  pdu.set("short_message", text);
  return pdu;
}

}  // namespace

TEST_CASE("SMPP codec: an enquire_link is the 16-octet header the specification shows", "[smpp]") {
  const auto bytes = encodePdu(makePdu(command::kEnquireLink, 1));
  CHECK(hex(bytes) == "00000010000000150000000000000001");
  auto back = decodePdu(bytesOf(bytes));
  REQUIRE(back.pdu);
  CHECK(back.pdu->commandId == command::kEnquireLink);
  CHECK(back.pdu->sequence == 1);
}

TEST_CASE("SMPP codec: a bind_transceiver encodes field by field in the table's order", "[smpp]") {
  auto bind = makePdu(command::kBindTransceiver, 1);
  bind.set("system_id", std::string("pigeon"));
  bind.set("password", std::string("secret"));
  bind.set("interface_version", 0x34u);
  const auto bytes = encodePdu(bind);
  // header (35 octets, bind_transceiver, ok, sequence 1), "pigeon\0", "secret\0",
  // system_type "\0", interface_version 0x34, addr_ton 0, addr_npi 0, address_range "\0".
  CHECK(hex(bytes) ==
        "00000023"
        "00000009"
        "00000000"
        "00000001"
        "706967656f6e00"
        "73656372657400"
        "00"
        "34"
        "00"
        "00"
        "00");
  auto back = decodePdu(bytesOf(bytes));
  REQUIRE(back.pdu);
  CHECK(back.pdu->text("system_id") == "pigeon");
  CHECK(back.pdu->text("password") == "secret");
  CHECK(back.pdu->integer("interface_version") == 0x34);
}

TEST_CASE("SMPP codec: submit_sm and deliver_sm round-trip with their optional parameters",
          "[smpp]") {
  auto pdu = submit("79123456789", "Hello");
  pdu.tlvs.push_back({tlv::kSarMsgRefNum, std::string("\x00\x07", 2)});
  pdu.tlvs.push_back({tlv::kSarTotalSegments, std::string("\x02", 1)});
  const auto bytes = encodePdu(pdu);
  auto back = decodePdu(bytesOf(bytes));
  REQUIRE(back.pdu);
  CHECK(*back.pdu == pdu);
  CHECK(back.pdu->text("short_message") == "Hello");
  CHECK(back.pdu->integer("registered_delivery") == 1);
  REQUIRE(back.pdu->findTlv(tlv::kSarTotalSegments));
  CHECK(back.pdu->findTlv(tlv::kSarTotalSegments)->value == "\x02");

  // A delivery receipt as SMSCs send it: the text form and the receipted_message_id TLV.
  auto receipt = makePdu(command::kDeliverSm, 9);
  const std::string text =
      "id:0A1B2C sub:001 dlvrd:001 submit date:2611241200 done "
      "date:2611241201 stat:DELIVRD err:000 text:Hello";
  receipt.set("esm_class", 0x04u);
  receipt.set("sm_length", static_cast<std::uint32_t>(text.size()));
  receipt.set("short_message", text);
  receipt.tlvs.push_back({tlv::kReceiptedMessageId, std::string("0A1B2C\0", 7)});
  receipt.tlvs.push_back({tlv::kMessageState, std::string("\x02", 1)});
  auto decoded = decodePdu(bytesOf(encodePdu(receipt)));
  REQUIRE(decoded.pdu);
  CHECK(*decoded.pdu == receipt);
}

TEST_CASE("SMPP codec: an error response without a body is accepted but an ok one is not",
          "[smpp]") {
  const auto throttled = unhex(
      "00000010"
      "80000004"
      "00000058"
      "0000002a");
  auto d = decodePdu(bytesOf(throttled));
  REQUIRE(d.pdu);
  CHECK(d.pdu->status == status::kThrottled);
  CHECK(d.pdu->text("message_id").empty());

  const auto okButEmpty = unhex(
      "00000010"
      "80000004"
      "00000000"
      "0000002a");
  auto refused = decodePdu(bytesOf(okButEmpty));
  CHECK_FALSE(refused.pdu);
  CHECK(refused.sequence == 42);
  CHECK_THAT(refused.error, Catch::Contains("message_id"));
}

TEST_CASE("SMPP codec: malformed PDUs are refused with the status to nack them, never read past",
          "[smpp]") {
  const auto good = encodePdu(submit("79123456789", "Hello"));
  struct Case {
    const char* what;
    std::string bytes;
    std::uint32_t nack;
    std::string mentions;
  };
  std::string noNul = good;
  noNul.replace(16, 1, "XXXXXX");  // service_type with no NUL within 6 octets
  noNul.replace(0, 4, std::string("\x00\x00\x00", 3) + static_cast<char>(noNul.size()));
  std::string longSm = good;
  const auto smLengthAt = good.size() - 6;  // sm_length, then "Hello"
  longSm[smLengthAt] = static_cast<char>(255);
  std::string overrun = good;
  overrun[smLengthAt] = static_cast<char>(200);
  std::string badTlv = good + std::string("\x04\x24\x10\x00", 4);  // claims 4096 octets
  badTlv.replace(0, 4, std::string("\x00\x00\x00", 3) + static_cast<char>(badTlv.size()));
  const Case cases[] = {
      {"shorter than a header", good.substr(0, 12), status::kInvalidCommandLength,
       "command_length"},
      {"length says more than there is", good.substr(0, good.size() - 1),
       status::kInvalidCommandLength, "command_length"},
      {"unknown command",
       unhex("00000010"
             "00000042"
             "00000000"
             "00000001"),
       status::kInvalidCommandId, "0x00000042"},
      {"C-string without NUL", noNul, status::kInvalidCommandLength, "service_type"},
      {"sm_length over 254", longSm, status::kInvalidMessageLength, "short_message length 255"},
      {"sm_length past the end", overrun, status::kInvalidCommandLength, "short_message"},
      {"TLV past the end", badTlv, status::kInvalidParameterLength, "optional parameter"},
      {"body on a bodiless command",
       unhex("00000011"
             "00000015"
             "00000000"
             "00000001"
             "00"),
       status::kInvalidCommandLength, "after the last field"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    auto d = decodePdu(bytesOf(c.bytes));
    CHECK_FALSE(d.pdu);
    CHECK(d.nackStatus == c.nack);
    CHECK_THAT(d.error, Catch::Contains(c.mentions));
  }
}

TEST_CASE("SMPP codec: framing finds PDU boundaries in a stream and refuses absurd lengths",
          "[smpp]") {
  const auto a = encodePdu(makePdu(command::kEnquireLink, 1));
  const auto b = encodePdu(submit("79123456789", "Hi"));
  const auto stream = a + b;
  auto first = nextFrame(bytesOf(stream));
  REQUIRE(first.state == Frame::State::kComplete);
  CHECK(first.length == a.size());
  auto second = nextFrame(bytesOf(stream.substr(a.size())));
  REQUIRE(second.state == Frame::State::kComplete);
  CHECK(second.length == b.size());
  CHECK(nextFrame(bytesOf(b.substr(0, 3))).state == Frame::State::kNeedMore);
  CHECK(nextFrame(bytesOf(b.substr(0, 20))).state == Frame::State::kNeedMore);
  auto huge = nextFrame(bytesOf(unhex("7fffffff00000004")));
  CHECK(huge.state == Frame::State::kInvalid);
  CHECK_THAT(huge.error, Catch::Contains("2147483647"));
  CHECK(nextFrame(bytesOf(unhex("0000000300000004"))).state == Frame::State::kInvalid);
}

TEST_CASE("SMPP codec: the encoder refuses values that do not fit their field, naming it",
          "[smpp]") {
  auto tooLong = submit(std::string(21, '7'), "x");  // 21 digits + NUL > 21
  CHECK_THROWS_WITH(encodePdu(tooLong), Catch::Contains("destination_addr"));
  auto wide = submit("79123456789", "x");
  wide.set("esm_class", 300u);
  CHECK_THROWS_WITH(encodePdu(wide), Catch::Contains("esm_class does not fit"));
  auto mismatch = submit("79123456789", "Hello");
  mismatch.set("sm_length", 4u);
  CHECK_THROWS_WITH(encodePdu(mismatch), Catch::Contains("length field does not match"));
  auto nack = makePdu(command::kGenericNack, 5, status::kInvalidCommandId);
  nack.tlvs.push_back({tlv::kMessageState, "x"});
  CHECK_THROWS_WITH(encodePdu(nack), Catch::Contains("takes no optional parameters"));
  CHECK_THROWS_AS(wide.set("no_such_field", 1u), std::invalid_argument);
}
