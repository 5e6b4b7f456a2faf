#include "repositories/webhook_repository.h"

#include "db/comma_list.h"

namespace pigeon::db {

namespace {

constexpr const char* kSelectHook =
    "SELECT id, url, events, secret, enabled, created_by, created_at, updated_at FROM webhooks";
constexpr const char* kSelectDelivery =
    "SELECT id, webhook_id, events, body, event_count, state, attempts, next_at, last_status,"
    " last_error, created_at, finished_at FROM webhook_deliveries";

WebhookRecord readHook(const std::vector<Value>& r) {
  return {asInt(r[0]),    asString(r[1]),   splitCommaList(asString(r[2])),
          asString(r[3]), asInt(r[4]) != 0, asString(r[5]),
          asInt(r[6]),    asInt(r[7])};
}

WebhookDelivery readDelivery(const std::vector<Value>& r) {
  WebhookDelivery d;
  d.id = asInt(r[0]);
  d.webhookId = asInt(r[1]);
  d.events = asString(r[2]);
  d.body = asString(r[3]);
  d.eventCount = static_cast<int>(asInt(r[4]));
  d.state = asString(r[5]);
  d.attempts = static_cast<int>(asInt(r[6]));
  d.nextAt = asInt(r[7]);
  if (!isNull(r[8])) d.lastStatus = static_cast<int>(asInt(r[8]));
  d.lastError = asString(r[9]);
  d.createdAt = asInt(r[10]);
  if (!isNull(r[11])) d.finishedAt = asInt(r[11]);
  return d;
}

Value orNull(const std::optional<std::int64_t>& v) { return v ? Value(*v) : Value(); }

}  // namespace

std::vector<WebhookRecord> WebhookRepository::all(Connection& c) {
  std::vector<WebhookRecord> out;
  for (const auto& r : c.query(std::string(kSelectHook) + " ORDER BY id").rows)
    out.push_back(readHook(r));
  return out;
}

std::optional<WebhookRecord> WebhookRepository::find(Connection& c, std::int64_t id) {
  auto rows = c.query(std::string(kSelectHook) + " WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return readHook(rows.rows.front());
}

std::int64_t WebhookRepository::insert(Connection& c, const WebhookRecord& w, std::int64_t now) {
  return c.insert(
      "INSERT INTO webhooks (url, events, secret, enabled, created_by, created_at, updated_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?)",
      {w.url, joinCommaList(w.events), w.secret, std::int64_t{w.enabled}, w.createdBy, now, now});
}

void WebhookRepository::update(Connection& c, const WebhookRecord& w, std::int64_t now) {
  c.execute(
      "UPDATE webhooks SET url = ?, events = ?, secret = ?, enabled = ?, updated_at = ?"
      " WHERE id = ?",
      {w.url, joinCommaList(w.events), w.secret, std::int64_t{w.enabled}, now, w.id});
}

bool WebhookRepository::remove(Connection& c, std::int64_t id) {
  c.execute("DELETE FROM webhook_deliveries WHERE webhook_id = ?", {id});
  return c.execute("DELETE FROM webhooks WHERE id = ?", {id}) > 0;
}

void WebhookRepository::addDelivery(Connection& c, const WebhookDelivery& d) {
  c.execute(
      "INSERT INTO webhook_deliveries (webhook_id, events, body, event_count, state, attempts,"
      " next_at, created_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)",
      {d.webhookId, d.events, d.body, std::int64_t{d.eventCount}, d.nextAt, d.createdAt});
}

std::vector<WebhookDelivery> WebhookRepository::due(Connection& c, std::int64_t now, int limit) {
  std::vector<WebhookDelivery> out;
  for (const auto& r : c.query(std::string(kSelectDelivery) +
                                   " WHERE state = 'pending' AND next_at <= ? AND webhook_id IN"
                                   " (SELECT id FROM webhooks WHERE enabled = 1)"
                                   " ORDER BY next_at, id LIMIT ?",
                               {now, std::int64_t{limit}})
                           .rows)
    out.push_back(readDelivery(r));
  return out;
}

std::vector<WebhookDelivery> WebhookRepository::deliveries(Connection& c, std::int64_t webhookId,
                                                           std::int64_t before, int limit) {
  std::vector<WebhookDelivery> out;
  const auto sql = std::string(kSelectDelivery) + " WHERE webhook_id = ?" +
                   (before > 0 ? " AND id < ?" : "") + " ORDER BY id DESC LIMIT ?";
  Params params{webhookId};
  if (before > 0) params.push_back(before);
  params.push_back(std::int64_t{limit});
  for (const auto& r : c.query(sql, params).rows) out.push_back(readDelivery(r));
  return out;
}

void WebhookRepository::recordAttempt(Connection& c, const WebhookDelivery& d) {
  c.execute(
      "UPDATE webhook_deliveries SET state = ?, attempts = ?, next_at = ?, last_status = ?,"
      " last_error = ?, finished_at = ? WHERE id = ?",
      {d.state, std::int64_t{d.attempts}, d.nextAt,
       d.lastStatus ? Value(std::int64_t{*d.lastStatus}) : Value(), d.lastError,
       orNull(d.finishedAt), d.id});
}

std::optional<SourceCursor> WebhookRepository::cursor(Connection& c, const std::string& source) {
  auto rows = c.query("SELECT last_at, last_id FROM webhook_cursors WHERE source = ?", {source});
  if (rows.empty()) return std::nullopt;
  return SourceCursor{asInt(rows.rows.front()[0]), asInt(rows.rows.front()[1])};
}

void WebhookRepository::setCursor(Connection& c, const std::string& source, SourceCursor last) {
  c.execute("INSERT INTO webhook_cursors (source, last_at, last_id) VALUES (?, ?, ?)" +
                c.dialect().onConflictUpdate("source", {"last_at", "last_id"}),
            {source, last.at, last.id});
}

std::size_t WebhookRepository::pruneFinished(Connection& c, std::int64_t before, int limit) {
  const auto rows = c.query(
      "SELECT id FROM webhook_deliveries WHERE finished_at < ? ORDER BY finished_at LIMIT ?",
      {before, std::int64_t{limit}});
  if (rows.empty()) return 0;
  std::string marks;
  std::vector<Value> ids;
  for (const auto& r : rows.rows) {
    marks += marks.empty() ? "?" : ", ?";
    ids.push_back(r[0]);
  }
  c.execute("DELETE FROM webhook_deliveries WHERE id IN (" + marks + ")", ids);
  return rows.rows.size();
}

}  // namespace pigeon::db
