#include "pdu_table.h"

#include <array>

#include "pdu.h"

namespace pigeon::smpp {

namespace {

using K = FieldKind;

constexpr FieldSpec kBind[] = {
    {"system_id", K::kCString, 16},
    {"password", K::kCString, 9},
    {"system_type", K::kCString, 13},
    {"interface_version", K::kInt8},
    {"addr_ton", K::kInt8},
    {"addr_npi", K::kInt8},
    {"address_range", K::kCString, 41},
};
constexpr FieldSpec kBindResp[] = {{"system_id", K::kCString, 16}};

// submit_sm and deliver_sm share their layout (SMPP 3.4, 4.4.1 and 4.6.1).
constexpr FieldSpec kShortMessage[] = {
    {"service_type", K::kCString, 6},
    {"source_addr_ton", K::kInt8},
    {"source_addr_npi", K::kInt8},
    {"source_addr", K::kCString, 21},
    {"dest_addr_ton", K::kInt8},
    {"dest_addr_npi", K::kInt8},
    {"destination_addr", K::kCString, 21},
    {"esm_class", K::kInt8},
    {"protocol_id", K::kInt8},
    {"priority_flag", K::kInt8},
    {"schedule_delivery_time", K::kCString, 17},
    {"validity_period", K::kCString, 17},
    {"registered_delivery", K::kInt8},
    {"replace_if_present_flag", K::kInt8},
    {"data_coding", K::kInt8},
    {"sm_default_msg_id", K::kInt8},
    {"sm_length", K::kInt8},
    {"short_message", K::kOctets, 254},
};
constexpr FieldSpec kMessageIdResp[] = {{"message_id", K::kCString, 65}};

constexpr FieldSpec kDataSm[] = {
    {"service_type", K::kCString, 6},      {"source_addr_ton", K::kInt8},
    {"source_addr_npi", K::kInt8},         {"source_addr", K::kCString, 65},
    {"dest_addr_ton", K::kInt8},           {"dest_addr_npi", K::kInt8},
    {"destination_addr", K::kCString, 65}, {"esm_class", K::kInt8},
    {"registered_delivery", K::kInt8},     {"data_coding", K::kInt8},
};

constexpr std::array<CommandSpec, 17> kCommands{{
    {command::kGenericNack, "generic_nack", {}, false},
    {command::kBindReceiver, "bind_receiver", kBind, false},
    {command::kBindReceiver | command::kResponseBit, "bind_receiver_resp", kBindResp, true},
    {command::kBindTransmitter, "bind_transmitter", kBind, false},
    {command::kBindTransmitter | command::kResponseBit, "bind_transmitter_resp", kBindResp, true},
    {command::kBindTransceiver, "bind_transceiver", kBind, false},
    {command::kBindTransceiver | command::kResponseBit, "bind_transceiver_resp", kBindResp, true},
    {command::kSubmitSm, "submit_sm", kShortMessage, true},
    {command::kSubmitSm | command::kResponseBit, "submit_sm_resp", kMessageIdResp, false},
    {command::kDeliverSm, "deliver_sm", kShortMessage, true},
    {command::kDeliverSm | command::kResponseBit, "deliver_sm_resp", kMessageIdResp, false},
    {command::kDataSm, "data_sm", kDataSm, true},
    {command::kDataSm | command::kResponseBit, "data_sm_resp", kMessageIdResp, true},
    {command::kUnbind, "unbind", {}, false},
    {command::kUnbind | command::kResponseBit, "unbind_resp", {}, false},
    {command::kEnquireLink, "enquire_link", {}, false},
    {command::kEnquireLink | command::kResponseBit, "enquire_link_resp", {}, false},
}};

}  // namespace

const CommandSpec* findCommand(std::uint32_t id) {
  for (const auto& c : kCommands)
    if (c.id == id) return &c;
  return nullptr;
}

int fieldIndex(const CommandSpec& spec, std::string_view name) {
  for (std::size_t i = 0; i < spec.fields.size(); ++i)
    if (spec.fields[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace pigeon::smpp
