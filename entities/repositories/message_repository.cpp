#include "repositories/message_repository.h"

#include <algorithm>

#include "db/sql_batches.h"

namespace pigeon::db {

namespace {

constexpr const char* kRecordColumns =
    "id, user_id, reference, to_number, from_number, body, encoding, parts, priority, provider,"
    " status, attempts, provider_message_id, error_code, error_message, created_at, updated_at,"
    " submitted_at, done_at, tag";

constexpr const char* kInsertColumns =
    "INSERT INTO messages (user_id, reference, to_number, from_number, body, encoding, parts,"
    " priority, requested_provider, tag, status, attempts, next_attempt_at, created_at,"
    " updated_at, lease_owner, lease_until, campaign_id) VALUES ";
constexpr std::size_t kInsertColumnCount = 18;
constexpr std::size_t kInsertChunk = 256;  // rows per statement: 4 608 parameters
constexpr std::size_t kIdChunk = 512;

// lease: the row is stored claimed ('sending') by its owner; else queued.
void appendInsertParams(Params& p, const NewMessage& m, std::int64_t now,
                        const InsertLease* lease) {
  p.emplace_back(m.userId);
  p.emplace_back(m.reference ? Value{*m.reference} : Value{});
  p.emplace_back(m.to);
  p.emplace_back(textOrNull(m.from));
  p.emplace_back(m.body);
  p.emplace_back(m.encoding);
  p.emplace_back(std::int64_t{m.parts});
  p.emplace_back(std::int64_t{static_cast<int>(m.priority)});
  p.emplace_back(textOrNull(m.requestedProvider));
  p.emplace_back(textOrNull(m.tag));
  p.emplace_back(std::string(lease ? "sending" : "queued"));
  p.emplace_back(std::int64_t{0});
  p.emplace_back(now);
  p.emplace_back(now);
  p.emplace_back(now);
  p.emplace_back(lease ? Value{lease->owner} : Value{});
  p.emplace_back(lease ? Value{lease->until} : Value{});
  p.emplace_back(m.campaignId ? Value{m.campaignId} : Value{});
}

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
  m.submittedAt = asInt(r[17]);
  m.doneAt = asInt(r[18]);
  m.tag = asString(r[19]);
  return m;
}

// The timeline: the usual steps come from the message's columns, the exceptional ones from
// message_events, merged by time.
void buildTimeline(MessageRecord& m, const Rows& events) {
  m.events.push_back({m.createdAt, "queued", "", "", "", ""});
  for (const auto& e : events.rows)
    m.events.push_back({asInt(e[0]), asString(e[1]), asString(e[2]), asString(e[3]), asString(e[4]),
                        asString(e[5])});
  if (m.submittedAt)
    m.events.push_back({m.submittedAt, "submitted", m.provider, m.providerMessageId, "", ""});
  if (m.doneAt && isFinal(m.status))
    m.events.push_back({m.doneAt, statusName(m.status), "", "", m.errorCode, m.errorMessage});
  std::stable_sort(m.events.begin(), m.events.end(),
                   [](const MessageEvent& a, const MessageEvent& b) { return a.at < b.at; });
}

}  // namespace

// A rejected message is stored final at once, with its reason, and never claimed.
std::int64_t MessageRepository::insertRejected(Connection& c, const NewMessage& m,
                                               std::int64_t now) {
  return c.insert(
      "INSERT INTO messages (user_id, reference, to_number, from_number, body, encoding, parts,"
      " priority, requested_provider, tag, status, attempts, next_attempt_at, created_at,"
      " updated_at, done_at, error_code, campaign_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
      " 'rejected', 0, ?, ?, ?, ?, ?, ?)",
      {m.userId, m.reference ? Value{*m.reference} : Value{}, m.to, textOrNull(m.from), m.body,
       m.encoding, std::int64_t{m.parts}, std::int64_t{static_cast<int>(m.priority)},
       textOrNull(m.requestedProvider), textOrNull(m.tag), now, now, now, now, m.rejectReason,
       m.campaignId ? Value{m.campaignId} : Value{}});
}

std::int64_t MessageRepository::insertOne(Connection& c, const NewMessage& m, std::int64_t now,
                                          const InsertLease* lease) {
  Params p;
  p.reserve(kInsertColumnCount);
  appendInsertParams(p, m, now, lease);
  return c.insert(std::string(kInsertColumns) + rowPlaceholders(1, kInsertColumnCount), p);
}

void MessageRepository::insertMany(Connection& c, const std::vector<const NewMessage*>& batch,
                                   std::int64_t now, const InsertLease* lease, std::size_t leased,
                                   std::vector<std::int64_t>& ids) {
  forEachChunk(batch.size(), kInsertChunk, [&](std::size_t offset, std::size_t size) {
    Params p;
    p.reserve(size * kInsertColumnCount);
    for (std::size_t i = 0; i < size; ++i)
      appendInsertParams(p, *batch[offset + i], now, offset + i < leased ? lease : nullptr);
    const auto first =
        c.insert(std::string(kInsertColumns) + rowPlaceholders(size, kInsertColumnCount), p);
    for (std::size_t i = 0; i < size; ++i) ids.push_back(first + static_cast<std::int64_t>(i));
  });
}

std::vector<InsertOutcome> MessageRepository::insert(Connection& c,
                                                     const std::vector<NewMessage>& messages,
                                                     std::int64_t now, const InsertLease* lease) {
  std::vector<InsertOutcome> out(messages.size());
  std::size_t leaseLeft = lease ? lease->count : 0;
  // Messages with a reference go one by one (each may repeat an earlier one, even one in this
  // very list); the rest go in multi-row statements.
  std::vector<const NewMessage*> plain;
  std::vector<std::size_t> plainIndex;
  const bool bulk = c.consecutiveInsertIds();
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const auto& m = messages[i];
    if (!m.reference && bulk && m.rejectReason.empty()) {
      plain.push_back(&m);
      plainIndex.push_back(i);
      continue;
    }
    if (m.reference) {
      auto found = c.query(
          "SELECT id, status, encoding, parts, to_number, body, error_code FROM messages"
          " WHERE user_id = ? AND reference = ?",
          {m.userId, *m.reference});
      if (!found.empty()) {
        const auto& r = found.rows[0];
        const auto status = parseStatus(asString(r[1])).value_or(MessageStatus::kQueued);
        out[i] = {asInt(r[0]),
                  true,
                  status,
                  asString(r[2]),
                  static_cast<int>(asInt(r[3])),
                  asString(r[4]),
                  asString(r[4]) != m.to || asString(r[5]) != m.body,
                  false,
                  status == MessageStatus::kRejected ? asString(r[6]) : ""};
        continue;
      }
    }
    if (!m.rejectReason.empty()) {
      out[i] = {insertRejected(c, m, now),
                false,
                MessageStatus::kRejected,
                m.encoding,
                m.parts,
                m.to,
                false,
                false,
                m.rejectReason};
      continue;
    }
    const bool leased = leaseLeft > 0;
    leaseLeft -= leased ? 1 : 0;
    out[i] = {insertOne(c, m, now, leased ? lease : nullptr),
              false,
              MessageStatus::kQueued,
              m.encoding,
              m.parts,
              m.to,
              false,
              leased,
              ""};
  }
  // The answer says queued either way: leased rows are only claimed sooner.
  const auto leasedPlain = std::min(leaseLeft, plain.size());
  std::vector<std::int64_t> ids;
  ids.reserve(plain.size());
  insertMany(c, plain, now, lease, leasedPlain, ids);
  for (std::size_t k = 0; k < plain.size(); ++k)
    out[plainIndex[k]] = {ids[k],
                          false,
                          MessageStatus::kQueued,
                          plain[k]->encoding,
                          plain[k]->parts,
                          plain[k]->to,
                          false,
                          k < leasedPlain,
                          ""};
  return out;
}

LaneClaim MessageRepository::claim(Connection& c, Priority lane, int limit, std::int64_t now,
                                   std::int64_t leaseUntil, const std::string& owner) {
  LaneClaim out;
  if (limit <= 0) return out;
  // One row beyond the limit, due or not, tells whether more is due or when it will be.
  std::string sql =
      "SELECT id, to_number, from_number, body, encoding, parts, attempts, priority,"
      " requested_provider, next_attempt_at, tag, route_skip FROM messages"
      " WHERE status = 'queued' AND priority = ?"
      " ORDER BY next_attempt_at, id LIMIT ?";
  sql += c.dialect().claimLockSuffix();
  auto rows = c.query(sql, {std::int64_t{static_cast<int>(lane)}, std::int64_t{limit} + 1});
  out.messages.reserve(rows.size());
  std::vector<std::int64_t> ids;
  ids.reserve(rows.size());
  for (const auto& r : rows.rows) {
    const auto dueAt = asInt(r[9]);
    if (dueAt > now) {
      out.nextDueAt = dueAt;
      break;
    }
    if (static_cast<int>(ids.size()) == limit) {
      out.more = true;
      break;
    }
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
    m.tag = asString(r[10]);
    m.routeSkip = static_cast<int>(asInt(r[11], 0));
    ids.push_back(m.id);
    out.messages.push_back(std::move(m));
  }
  forEachIdChunk(ids, kIdChunk, [&](const Params& chunk, const std::string& marks) {
    Params p{std::string(owner), leaseUntil, now};
    p.insert(p.end(), chunk.begin(), chunk.end());
    c.execute(
        "UPDATE messages SET status = 'sending', lease_owner = ?, lease_until = ?, updated_at = ?"
        " WHERE id IN (" +
            marks + ")",
        p);
  });
  return out;
}

std::optional<MessageRecord> MessageRepository::find(Connection& c, std::int64_t id) {
  auto rows =
      c.query(std::string("SELECT ") + kRecordColumns + " FROM messages WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  auto m = readRecord(rows.rows[0]);
  buildTimeline(m, c.query("SELECT at, status, provider, provider_message_id, error_code, detail"
                           " FROM message_events WHERE message_id = ? ORDER BY id",
                           {id}));
  return m;
}

MessagePage MessageRepository::list(Connection& c, const MessageFilter& f) {
  // Only the filters in use go into the statement (at most 32 texts, each cached once). A
  // number is an index range (to_number, id). Status, date and owner have no index of their
  // own, on purpose: an index on status moves with every state change, and it cost the send
  // path 10-30 %. They are searched instead through one window of ids at a time, newest
  // first, so a page reads at most searchWindow rows however rare the match.
  const bool searched = f.to.empty() && (f.status || f.since || f.userId);
  std::string sql = std::string("SELECT ") + kRecordColumns + " FROM messages" +
                    (searched ? c.dialect().primaryKeyScan() : "") + " WHERE 1 = 1";
  Params params;
  if (f.status) {
    sql += " AND status = ?";
    params.push_back(std::string(statusName(*f.status)));
  }
  if (!f.to.empty()) {
    sql += " AND to_number = ?";
    params.push_back(f.to);
  }
  if (f.since) {
    sql += " AND created_at >= ?";
    params.push_back(*f.since);
  }
  if (f.userId) {
    sql += " AND user_id = ?";
    params.push_back(*f.userId);
  }
  if (f.beforeId) {
    sql += " AND id < ?";
    params.push_back(*f.beforeId);
  }
  std::optional<std::int64_t> windowStart;
  if (searched) {
    const auto upper =
        f.beforeId ? *f.beforeId
                   : asInt(c.query("SELECT MAX(id) FROM messages", {}).rows.at(0).at(0), 0) + 1;
    windowStart = std::max<std::int64_t>(1, upper - f.searchWindow);
    sql += " AND id >= ?";
    params.push_back(*windowStart);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.push_back(std::int64_t{f.limit + 1});  // one more says whether another page exists

  MessagePage page;
  auto rows = c.query(sql, params);
  page.messages.reserve(rows.size());
  for (const auto& r : rows.rows) page.messages.push_back(readRecord(r));
  if (static_cast<int>(page.messages.size()) > f.limit) {
    page.messages.pop_back();
    page.nextCursor = page.messages.back().id;
    return page;
  }
  if (!windowStart) return page;
  // The window ran out before the page filled: go on below it, unless nothing is left there
  // (or, with a date, what is left is older than it by more than hosts' clocks may disagree:
  // ids follow creation only as closely as the clocks of the hosts that insert agree).
  constexpr std::int64_t kClockSkewMs = 60000;
  auto below = c.query("SELECT created_at FROM messages WHERE id < ? ORDER BY id DESC LIMIT 1",
                       {*windowStart});
  if (below.empty() || (f.since && asInt(below.rows[0][0]) < *f.since - kClockSkewMs)) return page;
  page.nextCursor = *windowStart;
  return page;
}

std::map<MessageStatus, std::int64_t> MessageRepository::countByStatus(Connection& c) {
  std::map<MessageStatus, std::int64_t> out;
  auto rows = c.query("SELECT status, COUNT(*) FROM messages GROUP BY status", {});
  for (const auto& r : rows.rows)
    if (auto s = parseStatus(asString(r[0]))) out[*s] = asInt(r[1]);
  return out;
}

std::map<std::string, std::int64_t> MessageRepository::countUnsettled(Connection& c) {
  std::map<std::string, std::int64_t> out;
  // One COUNT per status: SQLite's partial indexes serve `status = '…'`, not an IN list.
  auto rows = c.query(
      "SELECT 'queued', COUNT(*) FROM messages WHERE status = 'queued'"
      " UNION ALL SELECT 'sending', COUNT(*) FROM messages WHERE status = 'sending'"
      " UNION ALL SELECT 'submitted', COUNT(*) FROM messages WHERE status = 'submitted'",
      {});
  for (const auto& r : rows.rows) out[asString(r[0])] = asInt(r[1]);
  return out;
}

}  // namespace pigeon::db
