#include "smsru_settings.h"

namespace pigeon::smsru {

sdk::ConfigSchema SmsruSettings::schema() {
  using F = sdk::ConfigField;
  return {
      F::string("api_id", "The account's api_id (sms.ru, section API)").markRequired().markSecret(),
      F::string("base_url", "Where SMS.ru's API answers").defaultsTo("https://sms.ru"),
      F::string("from", "Sender name approved at SMS.ru; empty = the account's default")
          .defaultsTo(""),
      F::boolean("test", "Test mode: SMS.ru checks each message but sends and charges nothing")
          .defaultsTo("false"),
      F::integer("ttl_minutes", "How long SMS.ru keeps trying to deliver; 0 = its default")
          .defaultsTo("0")
          .range(0, 1440),
      F::integer("status_poll_s",
                 "Seconds between status queries for undelivered messages; 0 = only callbacks")
          .defaultsTo("300")
          .range(0, 86400),
      F::boolean("check_callback_hash",
                 "Refuse delivery callbacks whose hash (sha256 of api_id and data) is wrong")
          .defaultsTo("true"),
      F::integer("threads", "Requests to SMS.ru at once").defaultsTo("4").range(1, 64),
      F::integer("window", "Messages taken and not yet answered")
          .defaultsTo("200")
          .range(1, 100000),
      F::integer("max_tps", "Messages per second; 0 = no limit").defaultsTo("0").range(0, 100000),
      F::integer("timeout_ms", "Deadline of one request").defaultsTo("10000").range(100, 120000),
  };
}

SmsruSettings SmsruSettings::read(const sdk::ConfigValues& v) {
  SmsruSettings s;
  s.apiId = v.getString("api_id");
  s.baseUrl = v.getString("base_url");
  while (!s.baseUrl.empty() && s.baseUrl.back() == '/') s.baseUrl.pop_back();
  s.from = v.getString("from");
  s.test = v.getBoolean("test");
  s.ttlMinutes = static_cast<int>(v.getInteger("ttl_minutes"));
  s.statusPollS = static_cast<int>(v.getInteger("status_poll_s"));
  s.checkCallbackHash = v.getBoolean("check_callback_hash");
  s.threads = static_cast<int>(v.getInteger("threads"));
  s.window = static_cast<int>(v.getInteger("window"));
  s.maxTps = static_cast<int>(v.getInteger("max_tps"));
  s.timeoutMs = static_cast<int>(v.getInteger("timeout_ms"));
  return s;
}

}  // namespace pigeon::smsru
