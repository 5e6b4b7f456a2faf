#include "repositories/consent_repository.h"

namespace pigeon::db {

bool ConsentRepository::record(Connection& c, const ConsentEvent& e) {
  const bool out = find(c, e.phone).has_value();
  if (!e.optOut && !out) return false;  // nothing to undo: no ledger entry either
  c.execute(
      "INSERT INTO consent_events (phone, action, channel, detail, inbound_id, user_name, at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?)",
      {e.phone, std::string(e.optOut ? "opt_out" : "opt_in"), e.channel, textOrNull(e.detail),
       e.inboundId ? Value{e.inboundId} : Value{}, textOrNull(e.userName), e.at});
  if (!e.optOut) return c.execute("DELETE FROM opt_outs WHERE phone = ?", {e.phone}) > 0;
  if (out) return false;  // already out: the ledger has the repeat, nothing else
  c.execute("INSERT INTO opt_outs (phone, since, channel) VALUES (?, ?, ?)",
            {e.phone, e.at, e.channel});
  return true;
}

std::optional<OptOut> ConsentRepository::find(Connection& c, const std::string& phone) {
  auto rows = c.query("SELECT phone, since, channel FROM opt_outs WHERE phone = ?", {phone});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows.rows.front();
  return OptOut{asString(r[0]), asInt(r[1]), asString(r[2])};
}

std::vector<ConsentEvent> ConsentRepository::history(Connection& c, const std::string& phone,
                                                     int limit) {
  std::vector<ConsentEvent> out;
  auto rows = c.query(
      "SELECT id, phone, action, channel, detail, inbound_id, user_name, at FROM consent_events"
      " WHERE phone = ? ORDER BY id DESC LIMIT ?",
      {phone, std::int64_t{limit}});
  for (const auto& r : rows.rows)
    out.push_back({asInt(r[0]), asString(r[1]), asString(r[2]) == "opt_out", asString(r[3]),
                   asString(r[4]), asInt(r[5]), asString(r[6]), asInt(r[7])});
  return out;
}

std::vector<OptOut> ConsentRepository::list(Connection& c, const std::string& afterPhone,
                                            int limit) {
  std::vector<OptOut> out;
  auto rows =
      c.query("SELECT phone, since, channel FROM opt_outs WHERE phone > ? ORDER BY phone LIMIT ?",
              {afterPhone, std::int64_t{limit}});
  for (const auto& r : rows.rows) out.push_back({asString(r[0]), asInt(r[1]), asString(r[2])});
  return out;
}

std::vector<std::string> ConsentRepository::allOptedOut(Connection& c) {
  std::vector<std::string> out;
  for (const auto& r : c.query("SELECT phone FROM opt_outs").rows) out.push_back(asString(r[0]));
  return out;
}

}  // namespace pigeon::db
