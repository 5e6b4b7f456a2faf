#include "pdu.h"

#include <stdexcept>

#include "pdu_table.h"

namespace pigeon::smpp {

namespace {

const std::string kEmpty;

int indexOf(const Pdu& pdu, std::string_view name) {
  const auto* spec = findCommand(pdu.commandId);
  return spec ? fieldIndex(*spec, name) : -1;
}

}  // namespace

std::uint32_t Pdu::integer(std::string_view name) const {
  const int i = indexOf(*this, name);
  if (i < 0 || static_cast<std::size_t>(i) >= fields.size()) return 0;
  const auto* v = std::get_if<std::uint32_t>(&fields[static_cast<std::size_t>(i)]);
  return v ? *v : 0;
}

const std::string& Pdu::text(std::string_view name) const {
  const int i = indexOf(*this, name);
  if (i < 0 || static_cast<std::size_t>(i) >= fields.size()) return kEmpty;
  const auto* v = std::get_if<std::string>(&fields[static_cast<std::size_t>(i)]);
  return v ? *v : kEmpty;
}

void Pdu::set(std::string_view name, FieldValue value) {
  const auto* spec = findCommand(commandId);
  const int i = spec ? fieldIndex(*spec, name) : -1;
  if (i < 0)
    throw std::invalid_argument("command " + std::to_string(commandId) + " has no field " +
                                std::string(name));
  if (fields.size() <= static_cast<std::size_t>(i)) fields.resize(spec->fields.size());
  fields[static_cast<std::size_t>(i)] = std::move(value);
}

const Tlv* Pdu::findTlv(std::uint16_t tag) const {
  for (const auto& t : tlvs)
    if (t.tag == tag) return &t;
  return nullptr;
}

Pdu makePdu(std::uint32_t commandId, std::uint32_t sequence, std::uint32_t status) {
  Pdu pdu;
  pdu.commandId = commandId;
  pdu.sequence = sequence;
  pdu.status = status;
  if (const auto* spec = findCommand(commandId))
    for (const auto& f : spec->fields) {
      const bool integer =
          f.kind == FieldKind::kInt8 || f.kind == FieldKind::kInt16 || f.kind == FieldKind::kInt32;
      pdu.fields.push_back(integer ? FieldValue(std::uint32_t{0}) : FieldValue(std::string()));
    }
  return pdu;
}

}  // namespace pigeon::smpp
