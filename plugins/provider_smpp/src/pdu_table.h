#pragma once
// The SMPP 3.4 commands this codec knows, each with its mandatory fields as data: the codec
// reads and writes a PDU by walking its row, so a new command is a new row, not new code.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace pigeon::smpp {

enum class FieldKind {
  kInt8,
  kInt16,
  kInt32,
  kCString,  // NUL-terminated, at most `max` octets including the NUL
  kOctets,   // length taken from the field just before it (sm_length)
};

struct FieldSpec {
  std::string_view name;
  FieldKind kind;
  std::size_t max = 0;  // kCString: with the NUL; kOctets: at most this many
};

struct CommandSpec {
  std::uint32_t id;
  std::string_view name;
  std::span<const FieldSpec> fields;
  bool tlvs;  // optional parameters may follow the mandatory fields
};

// The row for a command id, or nullptr for a command this codec does not know.
const CommandSpec* findCommand(std::uint32_t id);
// Its index in spec.fields, or -1.
int fieldIndex(const CommandSpec& spec, std::string_view name);

}  // namespace pigeon::smpp
