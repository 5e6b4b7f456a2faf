#include "pdu_codec.h"

#include <cstdio>
#include <stdexcept>

#include "pdu_table.h"

namespace pigeon::smpp {

namespace {

std::uint32_t read32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

void put32(std::string& out, std::uint32_t v) {
  out += static_cast<char>(v >> 24);
  out += static_cast<char>(v >> 16);
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v);
}

void put16(std::string& out, std::uint32_t v) {
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v);
}

// Reads forward through one PDU body; every read says whether the bytes were there.
class Reader {
public:
  explicit Reader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  std::size_t left() const { return bytes_.size() - at_; }
  bool integer(std::size_t width, std::uint32_t& out) {
    if (left() < width) return false;
    out = 0;
    for (std::size_t i = 0; i < width; ++i) out = (out << 8) | bytes_[at_ + i];
    at_ += width;
    return true;
  }
  // A C-octet string of at most `max` octets with its NUL.
  bool cstring(std::size_t max, std::string& out) {
    for (std::size_t i = 0; i < max && i < left(); ++i)
      if (bytes_[at_ + i] == 0) {
        out.assign(reinterpret_cast<const char*>(bytes_.data() + at_), i);
        at_ += i + 1;
        return true;
      }
    return false;
  }
  bool octets(std::size_t n, std::string& out) {
    if (left() < n) return false;
    out.assign(reinterpret_cast<const char*>(bytes_.data() + at_), n);
    at_ += n;
    return true;
  }

private:
  std::span<const std::uint8_t> bytes_;
  std::size_t at_ = 0;
};

std::size_t widthOf(FieldKind kind) {
  switch (kind) {
    case FieldKind::kInt8:
      return 1;
    case FieldKind::kInt16:
      return 2;
    case FieldKind::kInt32:
      return 4;
    default:
      return 0;
  }
}

Decoded failure(std::uint32_t nack, std::uint32_t sequence, std::string error) {
  Decoded d;
  d.nackStatus = nack;
  d.sequence = sequence;
  d.error = std::move(error);
  return d;
}

}  // namespace

Frame nextFrame(std::span<const std::uint8_t> buffer) {
  Frame f;
  if (buffer.size() < 4) return f;
  const auto length = read32(buffer.data());
  if (length < kHeaderLength || length > kMaxPduLength) {
    f.state = Frame::State::kInvalid;
    f.error = "command_length " + std::to_string(length) + " is outside " +
              std::to_string(kHeaderLength) + ".." + std::to_string(kMaxPduLength);
    return f;
  }
  if (buffer.size() < length) return f;
  f.state = Frame::State::kComplete;
  f.length = length;
  return f;
}

Decoded decodePdu(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < kHeaderLength || read32(bytes.data()) != bytes.size())
    return failure(
        status::kInvalidCommandLength, 0,
        "command_length does not match the PDU's " + std::to_string(bytes.size()) + " octets");
  Pdu pdu;
  pdu.commandId = read32(bytes.data() + 4);
  pdu.status = read32(bytes.data() + 8);
  pdu.sequence = read32(bytes.data() + 12);
  const auto* spec = findCommand(pdu.commandId);
  if (!spec)
    return failure(
        status::kInvalidCommandId, pdu.sequence, "unknown command_id 0x" + [&] {
          char hex[9];
          std::snprintf(hex, sizeof hex, "%08x", pdu.commandId);
          return std::string(hex);
        }());

  Reader in(bytes.subspan(kHeaderLength));
  // A response with an error status may stop short of its fields: SMSCs often send none.
  const bool mayStopShort = (pdu.commandId & command::kResponseBit) && pdu.status != status::kOk;
  std::uint32_t lastInteger = 0;
  for (const auto& f : spec->fields) {
    if (mayStopShort && in.left() == 0) break;
    bool ok = false;
    if (const auto width = widthOf(f.kind)) {
      std::uint32_t v = 0;
      ok = in.integer(width, v);
      lastInteger = v;
      pdu.fields.emplace_back(v);
    } else if (f.kind == FieldKind::kCString) {
      std::string s;
      ok = in.cstring(f.max, s);
      if (!ok && in.left() > 0)
        return failure(status::kInvalidCommandLength, pdu.sequence,
                       std::string(spec->name) + ": field " + std::string(f.name) +
                           " has no NUL within " + std::to_string(f.max) + " octets");
      pdu.fields.emplace_back(std::move(s));
    } else {  // kOctets, sized by the integer field before it
      std::string s;
      ok = lastInteger <= f.max && in.octets(lastInteger, s);
      if (!ok && lastInteger > f.max)
        return failure(status::kInvalidMessageLength, pdu.sequence,
                       std::string(spec->name) + ": " + std::string(f.name) + " length " +
                           std::to_string(lastInteger) + " is over " + std::to_string(f.max));
      pdu.fields.emplace_back(std::move(s));
    }
    if (!ok)
      return failure(
          status::kInvalidCommandLength, pdu.sequence,
          std::string(spec->name) + ": the PDU ends inside field " + std::string(f.name));
  }
  while (in.left() > 0) {
    if (!spec->tlvs)
      return failure(status::kInvalidCommandLength, pdu.sequence,
                     std::string(spec->name) + ": " + std::to_string(in.left()) +
                         " octets after the last field");
    std::uint32_t tag = 0, length = 0;
    Tlv t;
    if (!in.integer(2, tag) || !in.integer(2, length) || !in.octets(length, t.value))
      return failure(status::kInvalidParameterLength, pdu.sequence,
                     std::string(spec->name) + ": an optional parameter runs past the PDU");
    t.tag = static_cast<std::uint16_t>(tag);
    pdu.tlvs.push_back(std::move(t));
  }
  Decoded d;
  d.sequence = pdu.sequence;
  d.pdu = std::move(pdu);
  return d;
}

void encodePdu(const Pdu& pdu, std::string& out) {
  const auto* spec = findCommand(pdu.commandId);
  if (!spec) throw std::invalid_argument("unknown command_id " + std::to_string(pdu.commandId));
  if (pdu.fields.size() > spec->fields.size())
    throw std::invalid_argument(std::string(spec->name) + ": more fields than the command has");
  const auto start = out.size();
  put32(out, 0);  // command_length, filled in below
  put32(out, pdu.commandId);
  put32(out, pdu.status);
  put32(out, pdu.sequence);
  for (std::size_t i = 0; i < pdu.fields.size(); ++i) {
    const auto& f = spec->fields[i];
    const auto where = std::string(spec->name) + ": field " + std::string(f.name);
    if (const auto width = widthOf(f.kind)) {
      const auto* v = std::get_if<std::uint32_t>(&pdu.fields[i]);
      if (!v) throw std::invalid_argument(where + " must be an integer");
      if (width < 4 && *v >> (8 * width))
        throw std::invalid_argument(where + " does not fit in " + std::to_string(width) +
                                    " octet(s)");
      if (width == 1) out += static_cast<char>(*v);
      if (width == 2) put16(out, *v);
      if (width == 4) put32(out, *v);
      continue;
    }
    const auto* s = std::get_if<std::string>(&pdu.fields[i]);
    if (!s) throw std::invalid_argument(where + " must be a string");
    if (f.kind == FieldKind::kCString) {
      if (s->size() + 1 > f.max || s->find('\0') != std::string::npos)
        throw std::invalid_argument(where + " is longer than " + std::to_string(f.max - 1) +
                                    " octets or holds a NUL");
      out += *s;
      out += '\0';
    } else {
      if (s->size() > f.max)
        throw std::invalid_argument(where + " is longer than " + std::to_string(f.max));
      const auto* length = i > 0 ? std::get_if<std::uint32_t>(&pdu.fields[i - 1]) : nullptr;
      if (!length || *length != s->size())
        throw std::invalid_argument(where + ": its length field does not match its size");
      out += *s;
    }
  }
  if (!pdu.tlvs.empty() && !spec->tlvs)
    throw std::invalid_argument(std::string(spec->name) + " takes no optional parameters");
  for (const auto& t : pdu.tlvs) {
    if (t.value.size() > 0xFFFF)
      throw std::invalid_argument(std::string(spec->name) +
                                  ": an optional parameter is over 64 KiB");
    put16(out, t.tag);
    put16(out, static_cast<std::uint32_t>(t.value.size()));
    out += t.value;
  }
  const auto length = out.size() - start;
  if (length > kMaxPduLength)
    throw std::invalid_argument(std::string(spec->name) + ": the PDU is over " +
                                std::to_string(kMaxPduLength) + " octets");
  for (int b = 0; b < 4; ++b)
    out[start + static_cast<std::size_t>(b)] = static_cast<char>(length >> (24 - 8 * b));
}

std::string encodePdu(const Pdu& pdu) {
  std::string out;
  encodePdu(pdu, out);
  return out;
}

}  // namespace pigeon::smpp
