#pragma once
// The SMPP provider's settings, read once from validated config. Field names are the public
// contract of pigeon.provider.smpp.

#include <string>

#include "pigeon/sdk/config_schema.h"

namespace pigeon::smpp {

enum class BindMode { kTransceiver, kTransmitterReceiver };
enum class LongMessages { kUdh, kSar, kPayload };
enum class DlrIdFormat { kHex, kDecimal };

struct SmppSettings {
  std::string host;
  int port = 2775;
  std::string systemId;
  std::string password;
  std::string systemType;
  BindMode bindMode = BindMode::kTransceiver;
  int binds = 1;          // connections (each transceiver, or each a transmitter+receiver pair)
  int window = 10;        // submit_sm awaiting a response, per bind
  int maxTps = 0;         // submit_sm per second across all binds; 0 = no limit
  int enquireLinkS = 30;  // idle seconds before an enquire_link; twice that without answer drops
  int reconnectS = 5;     // first wait before reconnecting, doubled up to a minute
  int sourceTon = 5;      // alphanumeric
  int sourceNpi = 0;
  int dataCoding = 0;  // for GSM-7 texts: 0 (SMSC default) or 1 (IA5); UCS-2 is always 8
  LongMessages longMessages = LongMessages::kUdh;
  DlrIdFormat dlrIdFormat = DlrIdFormat::kHex;

  static sdk::ConfigSchema schema();
  static SmppSettings from(const sdk::ConfigValues& values);
};

}  // namespace pigeon::smpp
