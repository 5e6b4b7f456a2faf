#pragma once
// What the host hands a provider to send.

#include <cstdint>
#include <string>

namespace pigeon::sdk {

enum class Encoding { kGsm7, kUcs2 };

struct OutboundMessage {
  std::int64_t id = 0;  // the host's message id; every callback about it carries it back
  std::string to;       // E.164 with leading '+'
  std::string from;     // sender number or alphanumeric id; may be empty (provider default)
  std::string text;     // UTF-8
  Encoding encoding = Encoding::kGsm7;  // chosen by the host from the text
  int parts = 1;                        // concatenated parts the host counted
  int attempt = 1;                      // 1 for the first try
};

}  // namespace pigeon::sdk
