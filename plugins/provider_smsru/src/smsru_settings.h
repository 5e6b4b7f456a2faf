#pragma once
// pigeon.provider.smsru's settings, read once from validated config.

#include <string>

#include "pigeon/sdk/config_schema.h"

namespace pigeon::smsru {

struct SmsruSettings {
  std::string apiId;
  std::string baseUrl = "https://sms.ru";
  std::string from;       // sender name approved at SMS.ru; empty = the account's default
  bool test = false;      // SMS.ru checks and answers but sends nothing and charges nothing
  int ttlMinutes = 0;     // 0 = SMS.ru's default
  int statusPollS = 300;  // 0 = rely on delivery callbacks alone
  bool checkCallbackHash = true;
  int threads = 4;
  int window = 200;
  int maxTps = 0;
  int timeoutMs = 10000;

  static sdk::ConfigSchema schema();
  static SmsruSettings read(const sdk::ConfigValues& values);
};

}  // namespace pigeon::smsru
