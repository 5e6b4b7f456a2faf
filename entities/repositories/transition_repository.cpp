#include "repositories/transition_repository.h"

#include "db/sql_batches.h"

namespace pigeon::db {

namespace {

// A CASE over n rows costs n² comparisons on the server: 64 rows keeps that small while
// still saving 63 round trips.
constexpr std::size_t kSubmittedChunk = 64;
constexpr std::size_t kIdChunk = 512;

// The states a change may leave. A final state is left only by a late delivery report turning
// an expired message into delivered or failed.
const char* guardFor(MessageStatus to) {
  switch (to) {
    case MessageStatus::kDelivered:
    case MessageStatus::kFailed:
      return " AND status IN ('queued','sending','submitted','expired')";
    case MessageStatus::kSubmitted:
      return " AND status IN ('queued','sending')";  // a repeated acceptance changes nothing
    default:
      return " AND status IN ('queued','sending','submitted')";
  }
}

// Which timestamp column a change sets.
const char* stampColumn(MessageStatus to) {
  if (to == MessageStatus::kSubmitted) return "submitted_at";
  if (isFinal(to)) return "done_at";
  return nullptr;
}

}  // namespace

bool TransitionRepository::apply(Connection& c, const Transition& t, std::int64_t now) {
  std::string sql =
      "UPDATE messages SET status = ?, provider = COALESCE(?, provider),"
      " provider_message_id = COALESCE(?, provider_message_id), error_code = ?,"
      " error_message = ?, attempts = attempts + ?, route_skip = route_skip + ?,"
      " next_attempt_at = COALESCE(?, next_attempt_at), lease_owner = NULL, lease_until = NULL,"
      " updated_at = ?";
  if (auto stamp = stampColumn(t.to)) sql += std::string(", ") + stamp + " = ?";
  sql += " WHERE id = ?";
  sql += guardFor(t.to);
  // A late report turning an expired message into delivered or failed: the expired step leaves
  // the message's columns, so it is kept as an event row first.
  if (t.to == MessageStatus::kDelivered || t.to == MessageStatus::kFailed) {
    auto prev = c.query(
        "SELECT done_at, error_code, error_message FROM messages WHERE id = ? AND status = "
        "'expired'",
        {t.id});
    if (!prev.empty())
      c.execute(
          "INSERT INTO message_events (message_id, at, status, provider, provider_message_id,"
          " error_code, detail) VALUES (?, ?, 'expired', NULL, NULL, ?, ?)",
          {t.id, prev.rows[0][0], prev.rows[0][1], prev.rows[0][2]});
  }
  Params p{std::string(statusName(t.to)),
           textOrNull(t.provider),
           textOrNull(t.providerMessageId),
           textOrNull(t.errorCode),
           textOrNull(t.detail),
           std::int64_t{t.attemptsDelta},
           std::int64_t{t.routeSkipDelta},
           t.nextAttemptAt ? Value{*t.nextAttemptAt} : Value{},
           now};
  if (stampColumn(t.to)) p.emplace_back(now);
  p.emplace_back(t.id);
  if (c.execute(sql, p) == 0) return false;
  // Back to the queue is the exceptional step the columns cannot tell: it gets an event row.
  if (t.to == MessageStatus::kQueued)
    c.execute(
        "INSERT INTO message_events (message_id, at, status, provider, provider_message_id,"
        " error_code, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {t.id, now, std::string(statusName(t.to)), textOrNull(t.provider),
         textOrNull(t.providerMessageId), textOrNull(t.errorCode), textOrNull(t.detail)});
  return true;
}

std::int64_t TransitionRepository::markSubmitted(
    Connection& c, const std::string& provider,
    const std::vector<std::pair<std::int64_t, std::string>>& accepted, std::int64_t now) {
  std::int64_t changed = 0;
  if (c.dialect().prefersRowStatements()) {
    const std::string sql =
        std::string(
            "UPDATE messages SET status = 'submitted', provider = ?, provider_message_id = ?,"
            " error_code = NULL, error_message = NULL,"
            " attempts = attempts + 1, submitted_at = ?, lease_owner = NULL, lease_until = NULL,"
            " updated_at = ? WHERE id = ?") +
        guardFor(MessageStatus::kSubmitted);
    for (const auto& [id, providerId] : accepted)
      changed += c.execute(sql, {provider, providerId, now, now, id});
    return changed;
  }
  forEachChunk(accepted.size(), kSubmittedChunk, [&](std::size_t offset, std::size_t size) {
    std::string sql =
        "UPDATE messages SET status = 'submitted', provider = ?, provider_message_id = CASE id";
    Params p{provider};
    for (std::size_t i = 0; i < size; ++i) {
      sql += " WHEN ? THEN ?";
      p.emplace_back(accepted[offset + i].first);
      p.emplace_back(accepted[offset + i].second);
    }
    sql +=
        " END, error_code = NULL, error_message = NULL, attempts = attempts + 1, submitted_at = ?,"
        " lease_owner = NULL, lease_until = NULL,"
        " updated_at = ? WHERE id IN (" +
        placeholders(size) + ")" + guardFor(MessageStatus::kSubmitted);
    p.emplace_back(now);
    p.emplace_back(now);
    for (std::size_t i = 0; i < size; ++i) p.emplace_back(accepted[offset + i].first);
    changed += c.execute(sql, p);
  });
  return changed;
}

std::int64_t TransitionRepository::markFinal(Connection& c, MessageStatus to,
                                             const std::vector<std::int64_t>& ids,
                                             std::int64_t now) {
  std::int64_t changed = 0;
  forEachIdChunk(ids, kIdChunk, [&](const Params& chunk, const std::string& marks) {
    Params p{std::string(statusName(to)), now, now};
    p.insert(p.end(), chunk.begin(), chunk.end());
    // Not from expired: leaving expired must keep that step in the timeline (apply() does).
    changed += c.execute(
        "UPDATE messages SET status = ?, done_at = ?, updated_at = ?, error_code = NULL,"
        " error_message = NULL, lease_owner = NULL, lease_until = NULL"
        " WHERE id IN (" +
            marks + ") AND status IN ('queued','sending','submitted')",
        p);
  });
  return changed;
}

bool TransitionRepository::requeueFailed(Connection& c, std::int64_t id, const std::string& who,
                                         std::int64_t now) {
  auto failed = c.query(
      "SELECT done_at, provider, provider_message_id, error_code, error_message FROM messages"
      " WHERE id = ? AND status = 'failed'",
      {id});
  if (failed.empty()) return false;
  // The guarded UPDATE decides; the events follow only if it changed the row. The old
  // provider id goes, so a late report about the failed attempt cannot settle the new one.
  if (c.execute("UPDATE messages SET status = 'queued', attempts = 0, route_skip = 0,"
                " next_attempt_at = ?,"
                " provider_message_id = NULL, error_code = NULL, error_message = NULL,"
                " done_at = NULL, lease_owner = NULL, lease_until = NULL, updated_at = ?"
                " WHERE id = ? AND status = 'failed'",
                {now, now, id}) == 0)
    return false;
  const auto& f = failed.rows[0];
  c.execute(
      "INSERT INTO message_events (message_id, at, status, provider, provider_message_id,"
      " error_code, detail) VALUES (?, ?, 'failed', ?, ?, ?, ?)",
      {id, f[0], f[1], f[2], f[3], f[4]});
  c.execute(
      "INSERT INTO message_events (message_id, at, status, provider, provider_message_id,"
      " error_code, detail) VALUES (?, ?, 'queued', NULL, NULL, 'requeued', ?)",
      {id, now, "requeued by " + who});
  return true;
}

bool TransitionRepository::applyProviderReport(Connection& c, const ProviderReport& r,
                                               std::int64_t now) {
  auto rows = c.query("SELECT id FROM messages WHERE provider = ? AND provider_message_id = ?",
                      {r.provider, r.providerMessageId});
  if (rows.empty()) return false;
  Transition t;
  t.id = asInt(rows.rows[0][0]);
  t.to = r.to;
  t.errorCode = r.errorCode;
  return apply(c, t, now);
}

int TransitionRepository::requeueLeases(Connection& c, const std::string& owner, int maxAttempts,
                                        std::int64_t now) {
  auto rows = c.query(
      "SELECT id, attempts FROM messages WHERE status = 'sending' AND (lease_owner = ? OR "
      "lease_until < ?)",
      {owner, now});
  // The lease condition again in each UPDATE: another host may have claimed or submitted the
  // message since the SELECT.
  const char* lease =
      " WHERE id = ? AND status = 'sending' AND (lease_owner = ? OR lease_until < ?)";
  int changed = 0;
  for (const auto& r : rows.rows) {
    const auto id = asInt(r[0]);
    // An interrupted send counts as an attempt, so a provider that never answers cannot keep a
    // message going round for ever.
    const bool exhausted = asInt(r[1]) + 1 >= maxAttempts;
    const std::string detail =
        exhausted ? "no answer from the provider after " + std::to_string(maxAttempts) + " attempts"
                  : "requeued after an interrupted send; the provider may have it already";
    if (exhausted) {
      if (c.execute(
              std::string(
                  "UPDATE messages SET status = 'failed', error_code = 'no_answer', error_message "
                  "= ?,"
                  " attempts = attempts + 1, done_at = ?, lease_owner = NULL, lease_until = NULL,"
                  " updated_at = ?") +
                  lease,
              {detail, now, now, id, owner, now}) == 0)
        continue;
    } else {
      if (c.execute(std::string("UPDATE messages SET status = 'queued', next_attempt_at = ?, "
                                "attempts = attempts + 1,"
                                " lease_owner = NULL, lease_until = NULL, updated_at = ?") +
                        lease,
                    {now, now, id, owner, now}) == 0)
        continue;
      c.execute(
          "INSERT INTO message_events (message_id, at, status, provider, provider_message_id,"
          " error_code, detail) VALUES (?, ?, 'queued', NULL, NULL, 'interrupted', ?)",
          {id, now, detail});
    }
    ++changed;
  }
  return changed;
}

std::int64_t TransitionRepository::expireUnreported(Connection& c, std::int64_t submittedBefore,
                                                    std::int64_t now) {
  // One statement for all: expired is a final state kept in the message's own columns.
  return c.execute(
      "UPDATE messages SET status = 'expired', error_code = 'dlr_timeout',"
      " error_message = 'no delivery report within the configured time', done_at = ?, updated_at = "
      "?"
      " WHERE status = 'submitted' AND submitted_at < ?",
      {now, now, submittedBefore});
}

}  // namespace pigeon::db
