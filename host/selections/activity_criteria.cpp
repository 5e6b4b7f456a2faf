// Conditions on what happened to the row's phone number: opted out, replied, messages sent to
// it (delivered or failed, in a campaign, with a tag), and where the number is (its country's
// calling code or an operator's prefix). Numbers are E.164 everywhere in the store, so each is
// a correlated EXISTS on an index that starts with the number, or a range on the phone column.

#include <Poco/JSON/Array.h>

#include "repositories/message_status.h"
#include "selections/criteria_scope.h"

namespace pigeon::host::selections {

namespace {

// The numbers that start with any of the prefixes, each a range the phone index serves.
std::string prefixes(CriteriaScope& scope, const std::string& column,
                     const std::vector<std::string>& list) {
  std::string sql = "(";
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i) sql += " OR ";
    sql += "(" + column + " >= ";
    sql += scope.bind(list[i]);
    sql += " AND " + column + " < ";
    sql += scope.bind(list[i] + "\xF4\x8F\xBF\xBF");
    sql += ")";
  }
  return sql + ")";
}

// {"opted_out": true}
std::string compileOptedOut(CriteriaScope& scope, const Poco::JSON::Object& node,
                            const std::string& path) {
  const auto value = node.get("opted_out");
  if (!value.isBoolean()) refuse(path + ".opted_out", "must be true or false");
  const auto phone = scope.phoneColumn(path + ".opted_out");
  const std::string exists = "EXISTS (SELECT 1 FROM opt_outs o WHERE o.phone = " + phone + ")";
  return value.extract<bool>() ? exists : "NOT " + exists;
}

// {"replied_within_days": 7}: an SMS came from the number since the start of the day 7 days
// ago (0: today).
std::string compileReplied(CriteriaScope& scope, const Poco::JSON::Object& node,
                           const std::string& path) {
  const auto days = readDays(node.get("replied_within_days"), path + ".replied_within_days");
  const auto phone = scope.phoneColumn(path + ".replied_within_days");
  const auto since = scope.clock().dayStartMs(scope.clock().today() - days);
  std::string sql = "EXISTS (SELECT 1 FROM inbound_messages i WHERE i.from_number = " + phone +
                    " AND i.received_at >= ";
  return sql + scope.bind(since) + ")";
}

// {"message": {"status": ["delivered"], "campaign": 12, "tag": "promo",
//              "within_last_days": 30}}: a message to the number with all of those.
std::string compileMessage(CriteriaScope& scope, const Poco::JSON::Object& node,
                           const std::string& path) {
  const auto phone = scope.phoneColumn(path + ".message");
  const auto& spec = asObject(node.get("message"), path + ".message");
  std::string sql = "EXISTS (SELECT 1 FROM messages m WHERE m.to_number = " + phone;
  for (const auto& [member, value] : spec) {
    const auto at = path + ".message." + member;
    if (member == "status") {
      std::vector<db::Value> statuses;
      for (const auto& s : readStrings(value, at)) {
        if (!db::parseStatus(s))
          refuse(at, "unknown status '" + s +
                         "'; one of queued, sending, submitted, delivered, failed, expired,"
                         " rejected");
        statuses.emplace_back(s);
      }
      sql += " AND m.status IN (" + joinPlaceholders(scope, statuses) + ")";
    } else if (member == "campaign") {
      if (!value.isInteger() || value.convert<std::int64_t>() <= 0)
        refuse(at, "must be a campaign id");
      sql += " AND m.campaign_id = " + scope.bind(value.convert<std::int64_t>());
    } else if (member == "tag") {
      if (!value.isString()) refuse(at, "must be a text");
      sql += " AND m.tag = " + scope.bind(value.toString());
    } else if (member == "within_last_days") {
      const auto days = readDays(value, at);
      sql += " AND m.created_at >= " +
             scope.bind(scope.clock().dayStartMs(scope.clock().today() - days));
    } else {
      refuse(at, "unknown member; allowed: status, campaign, tag, within_last_days");
    }
  }
  return sql + ")";
}

// {"phone_country": "RU"} or ["RU", "KZ"]: the calling code of each region. Regions that
// share one (+1, +7) cannot be told apart by it; name operator prefixes for that.
std::string compileCountry(CriteriaScope& scope, const Poco::JSON::Object& node,
                           const std::string& path) {
  const auto at = path + ".phone_country";
  const auto phone = scope.phoneColumn(at);
  std::vector<std::string> codes;
  for (const auto& region : readStrings(node.get("phone_country"), at)) {
    const int code = scope.state().phones.callingCode(region);
    if (code == 0) refuse(at, "unknown region '" + region + "' (ISO 3166 code such as RU, IR)");
    codes.push_back("+" + std::to_string(code));
  }
  return prefixes(scope, phone, codes);
}

// {"phone_prefix": ["+7916", "+7903"]}: an operator's or an area's numbers.
std::string compilePrefix(CriteriaScope& scope, const Poco::JSON::Object& node,
                          const std::string& path) {
  const auto at = path + ".phone_prefix";
  const auto phone = scope.phoneColumn(at);
  const auto list = readStrings(node.get("phone_prefix"), at);
  for (const auto& p : list) {
    bool digits = p.size() >= 2 && p.size() <= 16 && p[0] == '+';
    for (std::size_t i = 1; digits && i < p.size(); ++i) digits = p[i] >= '0' && p[i] <= '9';
    if (!digits) refuse(at, "'" + p + "' is not a prefix of an E.164 number (+ and digits)");
  }
  return prefixes(scope, phone, list);
}

}  // namespace

const std::vector<CriterionKind>& activityCriterionKinds() {
  static const std::vector<CriterionKind> kinds{
      {"opted_out", {"opted_out"}, compileOptedOut},
      {"replied_within_days", {"replied_within_days"}, compileReplied},
      {"message", {"message"}, compileMessage},
      {"phone_country", {"phone_country"}, compileCountry},
      {"phone_prefix", {"phone_prefix"}, compilePrefix},
  };
  return kinds;
}

}  // namespace pigeon::host::selections
