#include "smpp_settings.h"

namespace pigeon::smpp {

sdk::ConfigSchema SmppSettings::schema() {
  using F = sdk::ConfigField;
  return {
      F::string("host", "SMSC host name or address").markRequired(),
      F::integer("port", "SMSC TCP port").defaultsTo("2775").range(1, 65535),
      F::string("system_id", "Account (system_id) given by the SMSC").markRequired(),
      F::string("password", "Account password (at most 8 characters)").markSecret(),
      F::string("system_type", "system_type sent in the bind, if the SMSC wants one"),
      F::oneOf("bind_mode", {"transceiver", "transmitter_receiver"},
               "One transceiver bind, or a transmitter and a receiver per connection")
          .defaultsTo("transceiver"),
      F::integer("binds", "Parallel binds").defaultsTo("1").range(1, 32),
      F::integer("window", "submit_sm awaiting a response, per bind")
          .defaultsTo("10")
          .range(1, 1000),
      F::integer("max_tps", "submit_sm per second across all binds; 0 = no limit")
          .defaultsTo("0")
          .range(0, 100000),
      F::integer("enquire_link_s", "Idle seconds before an enquire_link")
          .defaultsTo("30")
          .range(1, 3600),
      F::integer("reconnect_s", "First wait before reconnecting (doubled up to 60 s)")
          .defaultsTo("5")
          .range(1, 600),
      F::integer("source_ton", "TON of the sender (5 = alphanumeric)").defaultsTo("5").range(0, 6),
      F::integer("source_npi", "NPI of the sender").defaultsTo("0").range(0, 18),
      F::oneOf("data_coding", {"0", "1"}, "data_coding for GSM-7 texts (UCS-2 always uses 8)")
          .defaultsTo("0"),
      F::oneOf("long_messages", {"udh", "sar", "payload"},
               "How parts are joined: UDH header, SAR parameters, or one message_payload")
          .defaultsTo("udh"),
      F::oneOf("dlr_id_format", {"hex", "decimal"},
               "How the SMSC writes message ids in delivery receipts")
          .defaultsTo("hex"),
  };
}

SmppSettings SmppSettings::from(const sdk::ConfigValues& v) {
  SmppSettings s;
  s.host = v.getString("host");
  s.port = static_cast<int>(v.getInteger("port"));
  s.systemId = v.getString("system_id");
  s.password = v.getString("password");
  s.systemType = v.getString("system_type");
  s.bindMode = v.getString("bind_mode") == "transceiver" ? BindMode::kTransceiver
                                                         : BindMode::kTransmitterReceiver;
  s.binds = static_cast<int>(v.getInteger("binds"));
  s.window = static_cast<int>(v.getInteger("window"));
  s.maxTps = static_cast<int>(v.getInteger("max_tps"));
  s.enquireLinkS = static_cast<int>(v.getInteger("enquire_link_s"));
  s.reconnectS = static_cast<int>(v.getInteger("reconnect_s"));
  s.sourceTon = static_cast<int>(v.getInteger("source_ton"));
  s.sourceNpi = static_cast<int>(v.getInteger("source_npi"));
  s.dataCoding = static_cast<int>(v.getInteger("data_coding"));
  const auto& lm = v.getString("long_messages");
  s.longMessages = lm == "udh"   ? LongMessages::kUdh
                   : lm == "sar" ? LongMessages::kSar
                                 : LongMessages::kPayload;
  s.dlrIdFormat = v.getString("dlr_id_format") == "hex" ? DlrIdFormat::kHex : DlrIdFormat::kDecimal;
  return s;
}

}  // namespace pigeon::smpp
