#include "repositories/alert_repository.h"

namespace pigeon::db {

namespace {

constexpr const char* kSelectRule =
    "SELECT id, name, kind, severity, group_id, subject, threshold, message, dedupe_s,"
    " max_per_hour, repeat_s, enabled, created_by, created_by_id, created_at, updated_at"
    " FROM alert_rules";

constexpr const char* kSelectAlert =
    "SELECT id, rule_id, dedupe_key, severity, text, state, raised_at, last_raised_at,"
    " occurrences, notified_at, notifications, suppressed, acknowledged_by, acknowledged_at,"
    " resolved_at FROM alerts";

AlertRule readRule(const std::vector<Value>& r) {
  AlertRule x;
  x.id = asInt(r[0]);
  x.name = asString(r[1]);
  x.kind = asString(r[2]);
  x.severity = asString(r[3]);
  x.groupId = asInt(r[4]);
  x.subject = asString(r[5]);
  x.threshold = asDouble(r[6]);
  x.message = asString(r[7]);
  x.dedupeSeconds = static_cast<int>(asInt(r[8]));
  x.maxPerHour = static_cast<int>(asInt(r[9]));
  x.repeatSeconds = static_cast<int>(asInt(r[10]));
  x.enabled = asInt(r[11]) != 0;
  x.author = asString(r[12]);
  x.authorId = asInt(r[13]);
  x.createdAt = asInt(r[14]);
  x.updatedAt = asInt(r[15]);
  return x;
}

AlertRecord readAlert(const std::vector<Value>& r) {
  AlertRecord x;
  x.id = asInt(r[0]);
  x.ruleId = asInt(r[1]);
  x.key = asString(r[2]);
  x.severity = asString(r[3]);
  x.text = asString(r[4]);
  x.state = asString(r[5]);
  x.raisedAt = asInt(r[6]);
  x.lastRaisedAt = asInt(r[7]);
  x.occurrences = static_cast<int>(asInt(r[8]));
  x.notifiedAt = asInt(r[9]);
  x.notifications = static_cast<int>(asInt(r[10]));
  x.suppressed = static_cast<int>(asInt(r[11]));
  x.acknowledgedBy = asString(r[12]);
  x.acknowledgedAt = asInt(r[13]);
  x.resolvedAt = asInt(r[14]);
  return x;
}

std::vector<AlertRecord> readAlerts(const Rows& rows) {
  std::vector<AlertRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows) out.push_back(readAlert(r));
  return out;
}

Params ruleParams(const AlertRule& r) {
  return {r.name,
          r.kind,
          r.severity,
          r.groupId,
          textOrNull(r.subject),
          r.threshold,
          textOrNull(r.message),
          std::int64_t{r.dedupeSeconds},
          std::int64_t{r.maxPerHour},
          std::int64_t{r.repeatSeconds},
          std::int64_t{r.enabled}};
}

void insertMembers(Connection& c, const StaffGroup& g) {
  for (const auto& m : g.members)
    c.execute("INSERT INTO staff_members (group_id, phone, name) VALUES (?, ?, ?)",
              {g.id, m.phone, textOrNull(m.name)});
}

}  // namespace

std::vector<StaffGroup> AlertRepository::groups(Connection& c) {
  std::vector<StaffGroup> out;
  for (const auto& r :
       c.query("SELECT id, name, created_at, updated_at FROM staff_groups ORDER BY id").rows)
    out.push_back({asInt(r[0]), asString(r[1]), {}, asInt(r[2]), asInt(r[3])});
  for (auto& g : out)
    for (const auto& m :
         c.query("SELECT phone, name FROM staff_members WHERE group_id = ? ORDER BY phone", {g.id})
             .rows)
      g.members.push_back({asString(m[0]), asString(m[1])});
  return out;
}

std::optional<StaffGroup> AlertRepository::findGroup(Connection& c, std::int64_t id) {
  for (auto& g : groups(c))
    if (g.id == id) return g;
  return std::nullopt;
}

std::int64_t AlertRepository::insertGroup(Connection& c, const StaffGroup& g, std::int64_t now) {
  auto saved = g;
  saved.id = c.insert("INSERT INTO staff_groups (name, created_at, updated_at) VALUES (?, ?, ?)",
                      {g.name, now, now});
  insertMembers(c, saved);
  return saved.id;
}

bool AlertRepository::updateGroup(Connection& c, const StaffGroup& g, std::int64_t now) {
  if (c.execute("UPDATE staff_groups SET name = ?, updated_at = ? WHERE id = ?",
                {g.name, now, g.id}) == 0)
    return false;
  c.execute("DELETE FROM staff_members WHERE group_id = ?", {g.id});
  insertMembers(c, g);
  return true;
}

bool AlertRepository::removeGroup(Connection& c, std::int64_t id) {
  c.execute("DELETE FROM staff_members WHERE group_id = ?", {id});
  return c.execute("DELETE FROM staff_groups WHERE id = ?", {id}) > 0;
}

std::vector<AlertRule> AlertRepository::rules(Connection& c) {
  std::vector<AlertRule> out;
  for (const auto& r : c.query(std::string(kSelectRule) + " ORDER BY id").rows)
    out.push_back(readRule(r));
  return out;
}

std::optional<AlertRule> AlertRepository::findRule(Connection& c, std::int64_t id) {
  auto rows = c.query(std::string(kSelectRule) + " WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return readRule(rows.rows[0]);
}

std::int64_t AlertRepository::insertRule(Connection& c, const AlertRule& r, std::int64_t now) {
  auto p = ruleParams(r);
  p.insert(p.end(), {textOrNull(r.author), r.authorId, now, now});
  return c.insert(
      "INSERT INTO alert_rules (name, kind, severity, group_id, subject, threshold, message,"
      " dedupe_s, max_per_hour, repeat_s, enabled, created_by, created_by_id, created_at,"
      " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      p);
}

bool AlertRepository::updateRule(Connection& c, const AlertRule& r, std::int64_t now) {
  auto p = ruleParams(r);
  p.insert(p.end(), {now, r.id});
  return c.execute(
             "UPDATE alert_rules SET name = ?, kind = ?, severity = ?, group_id = ?, subject = ?,"
             " threshold = ?, message = ?, dedupe_s = ?, max_per_hour = ?, repeat_s = ?,"
             " enabled = ?, updated_at = ? WHERE id = ?",
             p) > 0;
}

bool AlertRepository::removeRule(Connection& c, std::int64_t id) {
  return c.execute("DELETE FROM alert_rules WHERE id = ?", {id}) > 0;
}

bool AlertRepository::groupInUse(Connection& c, std::int64_t groupId) {
  return !c.query("SELECT id FROM alert_rules WHERE group_id = ? LIMIT 1", {groupId}).empty();
}

std::optional<AlertRecord> AlertRepository::latest(Connection& c, std::int64_t ruleId,
                                                   const std::string& key) {
  auto rows = c.query(
      std::string(kSelectAlert) + " WHERE rule_id = ? AND dedupe_key = ? ORDER BY id DESC LIMIT 1",
      {ruleId, key});
  if (rows.empty()) return std::nullopt;
  return readAlert(rows.rows[0]);
}

std::optional<AlertRecord> AlertRepository::find(Connection& c, std::int64_t id) {
  auto rows = c.query(std::string(kSelectAlert) + " WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return readAlert(rows.rows[0]);
}

std::vector<AlertRecord> AlertRepository::list(Connection& c, const std::string& state,
                                               std::int64_t beforeId, int limit) {
  std::string sql = std::string(kSelectAlert) + " WHERE id < ?";
  Params p{beforeId};
  if (!state.empty()) {
    sql += " AND state = ?";
    p.emplace_back(state);
  }
  p.emplace_back(std::int64_t{limit});
  return readAlerts(c.query(sql + " ORDER BY id DESC LIMIT ?", p));
}

std::int64_t AlertRepository::insert(Connection& c, const AlertRecord& a) {
  return c.insert(
      "INSERT INTO alerts (rule_id, dedupe_key, severity, text, state, raised_at,"
      " last_raised_at, occurrences) VALUES (?, ?, ?, ?, 'open', ?, ?, 1)",
      {a.ruleId, a.key, a.severity, a.text, a.raisedAt, a.raisedAt});
}

void AlertRepository::raiseAgain(Connection& c, std::int64_t id, const std::string& text,
                                 std::int64_t now) {
  c.execute(
      "UPDATE alerts SET occurrences = occurrences + 1, last_raised_at = ?, text = ?,"
      " state = CASE WHEN state = 'resolved' THEN 'open' ELSE state END, resolved_at = NULL"
      " WHERE id = ?",
      {now, text, id});
}

void AlertRepository::markNotified(Connection& c, std::int64_t id, int sent, int suppressed,
                                   std::int64_t now) {
  c.execute(
      "UPDATE alerts SET notified_at = ?, notifications = notifications + ?,"
      " suppressed = suppressed + ? WHERE id = ?",
      {now, std::int64_t{sent}, std::int64_t{suppressed}, id});
}

bool AlertRepository::acknowledge(Connection& c, std::int64_t id, const std::string& by,
                                  std::int64_t now) {
  return c.execute(
             "UPDATE alerts SET state = 'acknowledged', acknowledged_by = ?, acknowledged_at = ?"
             " WHERE id = ? AND state = 'open'",
             {by, now, id}) > 0;
}

bool AlertRepository::resolve(Connection& c, std::int64_t id, std::int64_t now) {
  return c.execute(
             "UPDATE alerts SET state = 'resolved', resolved_at = ? WHERE id = ?"
             " AND state <> 'resolved'",
             {now, id}) > 0;
}

std::vector<AlertRecord> AlertRepository::open(Connection& c, int limit) {
  return readAlerts(
      c.query(std::string(kSelectAlert) + " WHERE state = 'open' ORDER BY raised_at LIMIT ?",
              {std::int64_t{limit}}));
}

std::vector<AlertRecord> AlertRepository::unresolved(Connection& c, std::int64_t ruleId) {
  return readAlerts(c.query(
      std::string(kSelectAlert) + " WHERE rule_id = ? AND state IN ('open', 'acknowledged')",
      {ruleId}));
}

}  // namespace pigeon::db
