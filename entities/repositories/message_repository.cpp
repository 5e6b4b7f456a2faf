#include "repositories/message_repository.h"

namespace pigeon::db {

namespace {

Value textOrNull(const std::string& s) { return s.empty() ? Value{} : Value{s}; }

constexpr const char* kRecordColumns =
    "id, user_id, reference, to_number, from_number, body, encoding, parts, priority, provider,"
    " status, attempts, provider_message_id, error_code, error_message, created_at, updated_at";

MessageRecord readRecord(const std::vector<Value>& r) {
  MessageRecord m;
  m.id = asInt(r[0]);
  m.userId = asInt(r[1]);
  m.reference = asString(r[2]);
  m.to = asString(r[3]);
  m.from = asString(r[4]);
  m.body = asString(r[5]);
  m.encoding = asString(r[6]);
  m.parts = static_cast<int>(asInt(r[7]));
  m.priority = static_cast<Priority>(asInt(r[8]));
  m.provider = asString(r[9]);
  m.status = parseStatus(asString(r[10])).value_or(MessageStatus::kQueued);
  m.attempts = static_cast<int>(asInt(r[11]));
  m.providerMessageId = asString(r[12]);
  m.errorCode = asString(r[13]);
  m.errorMessage = asString(r[14]);
  m.createdAt = asInt(r[15]);
  m.updatedAt = asInt(r[16]);
  return m;
}

// Statuses a transition may leave. A final state is left only by a late delivery report
// turning an expired message into delivered or failed.
const char* guardFor(MessageStatus to) {
  switch (to) {
    case MessageStatus::kDelivered:
    case MessageStatus::kFailed:
      return "status IN ('queued','sending','submitted','expired')";
    default:
      return "status IN ('queued','sending','submitted')";
  }
}

}  // namespace

std::vector<InsertOutcome> MessageRepository::insert(Connection& c,
                                                     const std::vector<NewMessage>& messages,
                                                     std::int64_t now) {
  std::vector<InsertOutcome> out;
  out.reserve(messages.size());
  for (const auto& m : messages) {
    if (m.reference) {
      auto found = c.query(
          "SELECT id, status, encoding, parts, to_number FROM messages WHERE user_id = ? AND reference = ?",
          {m.userId, *m.reference});
      if (!found.empty()) {
        const auto& r = found.rows[0];
        out.push_back({asInt(r[0]), true,
                       parseStatus(asString(r[1])).value_or(MessageStatus::kQueued),
                       asString(r[2]), static_cast<int>(asInt(r[3])), asString(r[4])});
        continue;
      }
    }
    c.execute(
        "INSERT INTO messages (user_id, reference, to_number, from_number, body, encoding, parts,"
        " priority, requested_provider, status, attempts, next_attempt_at, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?)",
        {m.userId, m.reference ? Value{*m.reference} : Value{}, m.to, textOrNull(m.from), m.body,
         m.encoding, std::int64_t{m.parts}, std::int64_t{static_cast<int>(m.priority)},
         textOrNull(m.requestedProvider), now, now, now});
    std::int64_t id = c.lastInsertId();
    addEvent(c, id, now, MessageStatus::kQueued, "", "", "", "");
    out.push_back({id, false, MessageStatus::kQueued, m.encoding, m.parts, m.to});
  }
  return out;
}

std::vector<ClaimedMessage> MessageRepository::claim(Connection& c, Priority lane, int limit,
                                                     std::int64_t now, std::int64_t leaseUntil,
                                                     const std::string& owner) {
  std::vector<ClaimedMessage> out;
  if (limit <= 0) return out;
  std::string sql =
      "SELECT id, to_number, from_number, body, encoding, parts, attempts, priority,"
      " requested_provider FROM messages WHERE status = 'queued' AND priority = ?"
      " AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?";
  sql += c.dialect().claimLockSuffix();
  auto rows = c.query(sql, {std::int64_t{static_cast<int>(lane)}, now, std::int64_t{limit}});
  out.reserve(rows.size());
  for (const auto& r : rows.rows) {
    ClaimedMessage m;
    m.id = asInt(r[0]);
    m.to = asString(r[1]);
    m.from = asString(r[2]);
    m.body = asString(r[3]);
    m.encoding = asString(r[4]);
    m.parts = static_cast<int>(asInt(r[5]));
    m.attempts = static_cast<int>(asInt(r[6]));
    m.priority = static_cast<Priority>(asInt(r[7]));
    m.requestedProvider = asString(r[8]);
    c.execute(
        "UPDATE messages SET status = 'sending', lease_owner = ?, lease_until = ?, updated_at = ?"
        " WHERE id = ?",
        {owner, leaseUntil, now, m.id});
    out.push_back(std::move(m));
  }
  return out;
}

bool MessageRepository::apply(Connection& c, const Transition& t, std::int64_t now) {
  std::string sql =
      "UPDATE messages SET status = ?, provider = COALESCE(?, provider),"
      " provider_message_id = COALESCE(?, provider_message_id), error_code = ?,"
      " error_message = ?, attempts = attempts + ?, next_attempt_at = COALESCE(?, next_attempt_at),"
      " lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND ";
  sql += guardFor(t.to);
  auto changed = c.execute(
      sql, {std::string(statusName(t.to)), textOrNull(t.provider), textOrNull(t.providerMessageId),
            textOrNull(t.errorCode), textOrNull(t.detail), std::int64_t{t.attemptsDelta},
            t.nextAttemptAt ? Value{*t.nextAttemptAt} : Value{}, now, t.id});
  if (changed == 0) return false;
  addEvent(c, t.id, now, t.to, t.provider, t.providerMessageId, t.errorCode, t.detail);
  return true;
}

bool MessageRepository::applyProviderReport(Connection& c, const ProviderReport& r,
                                            std::int64_t now) {
  auto rows = c.query(
      "SELECT id FROM messages WHERE provider = ? AND provider_message_id = ?",
      {r.provider, r.providerMessageId});
  if (rows.empty()) return false;
  Transition t;
  t.id = asInt(rows.rows[0][0]);
  t.to = r.to;
  t.errorCode = r.errorCode;
  return apply(c, t, now);
}

int MessageRepository::requeueLeases(Connection& c, const std::string& owner, std::int64_t now) {
  auto rows = c.query(
      "SELECT id FROM messages WHERE status = 'sending' AND (lease_owner = ? OR lease_until < ?)",
      {owner, now});
  for (const auto& r : rows.rows) {
    Transition t;
    t.id = asInt(r[0]);
    t.to = MessageStatus::kQueued;
    t.detail = "requeued after an interrupted send; the provider may have it already";
    t.nextAttemptAt = now;
    apply(c, t, now);
  }
  return static_cast<int>(rows.size());
}

int MessageRepository::expireUnreported(Connection& c, std::int64_t submittedBefore,
                                        std::int64_t now) {
  auto rows = c.query(
      "SELECT id FROM messages WHERE status = 'submitted' AND updated_at < ? LIMIT 10000",
      {submittedBefore});
  for (const auto& r : rows.rows) {
    Transition t;
    t.id = asInt(r[0]);
    t.to = MessageStatus::kExpired;
    t.errorCode = "dlr_timeout";
    t.detail = "no delivery report within the configured time";
    apply(c, t, now);
  }
  return static_cast<int>(rows.size());
}

std::optional<MessageRecord> MessageRepository::find(Connection& c, std::int64_t id) {
  auto rows = c.query(std::string("SELECT ") + kRecordColumns + " FROM messages WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  auto m = readRecord(rows.rows[0]);
  auto events = c.query(
      "SELECT at, status, provider, provider_message_id, error_code, detail FROM message_events"
      " WHERE message_id = ? ORDER BY id",
      {id});
  for (const auto& e : events.rows)
    m.events.push_back({asInt(e[0]), asString(e[1]), asString(e[2]), asString(e[3]),
                        asString(e[4]), asString(e[5])});
  return m;
}

std::vector<MessageRecord> MessageRepository::list(Connection& c, const MessageFilter& f) {
  // Each filter is optional; "? IS NULL OR" keeps one statement (one cached plan) for all.
  std::string sql = std::string("SELECT ") + kRecordColumns +
                    " FROM messages WHERE (? IS NULL OR status = ?) AND (? IS NULL OR to_number = ?)"
                    " AND (? IS NULL OR created_at >= ?) AND (? IS NULL OR id < ?)"
                    " AND (? IS NULL OR user_id = ?) ORDER BY id DESC LIMIT ?";
  Params params;
  params.reserve(11);
  auto twice = [&params](Value v) {
    params.push_back(v);
    params.push_back(std::move(v));
  };
  twice(f.status ? Value{std::string(statusName(*f.status))} : Value{});
  twice(textOrNull(f.to));
  twice(f.since ? Value{*f.since} : Value{});
  twice(f.beforeId ? Value{*f.beforeId} : Value{});
  twice(f.userId ? Value{*f.userId} : Value{});
  params.push_back(std::int64_t{f.limit});
  auto rows = c.query(sql, params);
  std::vector<MessageRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows) out.push_back(readRecord(r));
  return out;
}

std::map<MessageStatus, std::int64_t> MessageRepository::countByStatus(Connection& c) {
  std::map<MessageStatus, std::int64_t> out;
  auto rows = c.query("SELECT status, COUNT(*) FROM messages GROUP BY status", {});
  for (const auto& r : rows.rows)
    if (auto s = parseStatus(asString(r[0]))) out[*s] = asInt(r[1]);
  return out;
}

std::optional<std::int64_t> MessageRepository::nextDueAt(Connection& c) {
  // One lookup per lane: each is a single index probe, where a MIN over all lanes would scan.
  std::optional<std::int64_t> due;
  for (int lane = 0; lane < kPriorityCount; ++lane) {
    auto rows = c.query(
        "SELECT MIN(next_attempt_at) FROM messages WHERE status = 'queued' AND priority = ?",
        {std::int64_t{lane}});
    if (rows.empty() || isNull(rows.rows[0][0])) continue;
    auto at = asInt(rows.rows[0][0]);
    if (!due || at < *due) due = at;
  }
  return due;
}

void MessageRepository::addEvent(Connection& c, std::int64_t id, std::int64_t at,
                                 MessageStatus status, const std::string& provider,
                                 const std::string& providerMessageId,
                                 const std::string& errorCode, const std::string& detail) {
  c.execute(
      "INSERT INTO message_events (message_id, at, status, provider, provider_message_id,"
      " error_code, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {id, at, std::string(statusName(status)), textOrNull(provider),
       textOrNull(providerMessageId), textOrNull(errorCode), textOrNull(detail)});
}

}  // namespace pigeon::db
