#pragma once
// The consent ledger: every opt-out and opt-in with who, when and how (consent_events), and
// the numbers opted out now (opt_outs), which the send paths consult.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"

namespace pigeon::db {

struct ConsentEvent {
  std::int64_t id = 0;
  std::string phone;    // E.164
  bool optOut = true;   // false: opted back in
  std::string channel;  // "sms" (a keyword), "api", "admin"
  std::string detail;   // the text sent, or the reason the CRM gave
  std::int64_t inboundId = 0;
  std::string userName;  // who, for api and admin
  std::int64_t at = 0;
};

struct OptOut {
  std::string phone;
  std::int64_t since = 0;
  std::string channel;
};

class ConsentRepository {
public:
  // Appends the event and applies it to opt_outs. Returns whether the number's state changed.
  // An opt-in for a number that is not out changes nothing and is not recorded.
  static bool record(Connection& c, const ConsentEvent& event);
  static std::optional<OptOut> find(Connection& c, const std::string& phone);
  static std::vector<ConsentEvent> history(Connection& c, const std::string& phone, int limit);
  // Opted-out numbers after `afterPhone`, in number order.
  static std::vector<OptOut> list(Connection& c, const std::string& afterPhone, int limit);
  static std::vector<std::string> allOptedOut(Connection& c);
};

}  // namespace pigeon::db
