// libFuzzer target for the SMPP PDU decoder. Each input is used twice: raw, as bytes off the
// network (framing and decoding must never read outside them), and as the body of a PDU with
// a well-formed header for one of the known commands, so the fuzzer reaches the field and TLV
// parsing at once instead of first having to guess a matching command_length. Whatever
// decodes must encode again to the same bytes.

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>

#include "pdu_codec.h"

namespace {

constexpr std::uint32_t kCommands[] = {0x80000000, 0x00000001, 0x80000001, 0x00000002, 0x80000002,
                                       0x00000009, 0x80000009, 0x00000004, 0x80000004, 0x00000005,
                                       0x80000005, 0x00000103, 0x80000103, 0x00000006, 0x80000006,
                                       0x00000015, 0x80000015, 0x00000042};

void put32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>(v >> shift);
}

void check(std::span<const std::uint8_t> bytes) {
  using namespace pigeon::smpp;
  nextFrame(bytes);
  auto decoded = decodePdu(bytes);
  if (!decoded.pdu) return;
  // Anything the decoder accepts the encoder must take back: an exception escaping here is a
  // finding, like the abort below.
  std::string again;
  encodePdu(*decoded.pdu, again);
  auto redecoded = decodePdu({reinterpret_cast<const std::uint8_t*>(again.data()), again.size()});
  if (!redecoded.pdu || !(*redecoded.pdu == *decoded.pdu)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check({data, size});
  if (size < 2) return 0;
  std::string pdu;
  put32(pdu, static_cast<std::uint32_t>(16 + size - 2));
  put32(pdu, kCommands[data[0] % std::size(kCommands)]);
  put32(pdu, data[1] & 1 ? 0 : data[1]);  // command_status: often ok, sometimes an error
  put32(pdu, 7);
  pdu.append(reinterpret_cast<const char*>(data + 2), size - 2);
  check({reinterpret_cast<const std::uint8_t*>(pdu.data()), pdu.size()});
  return 0;
}
