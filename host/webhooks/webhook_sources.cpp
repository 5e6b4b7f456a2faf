#include "webhooks/webhook_sources.h"

#include "api/entity_json.h"
#include "api/json_util.h"
#include "repositories/entity_repository.h"
#include "schema/entity_tables.h"

namespace pigeon::host {

namespace {

using db::asInt;
using db::asString;
using db::Value;

Poco::Dynamic::Var intOrNull(const Value& v) {
  return db::isNull(v) ? Poco::Dynamic::Var() : Poco::Dynamic::Var(asInt(v));
}

Poco::Dynamic::Var textOf(const Value& v) { return textOrNull(asString(v)); }

Poco::JSON::Object event(const std::string& name, std::int64_t rowId, std::int64_t at,
                         const Poco::JSON::Object& data, const std::string& suffix = "") {
  Poco::JSON::Object e(Poco::JSON_PRESERVE_KEY_ORDER);
  // Stable: a receiver that sees an id twice may drop the repeat.
  e.set("id", name + ":" + std::to_string(rowId) + (suffix.empty() ? "" : ":" + suffix));
  e.set("event", name);
  e.set("at", isoTime(at));
  e.set("data", data);
  return e;
}

db::SourceCursor newestId(db::Connection& c, const std::string& table) {
  auto rows = c.query("SELECT MAX(id) FROM " + table);
  return {0, rows.empty() ? 0 : asInt(rows.rows.front()[0])};
}

// Decides, row by row in id order, how far a source may be read: a row must have settled, and
// must follow the last one handed on directly unless it was written kGapMs ago or more. An id
// skipped is a row rolled back or deleted, or one whose transaction has not committed yet (an
// import batch on another connection); past kGapMs it is taken for one of the first two.
class IdRun {
public:
  IdRun(db::SourceCursor after, std::int64_t now) : next_(after.id + 1), now_(now) {}
  // `settledAt`: when the row settled (null: not yet); `writtenAt`: when it was inserted.
  bool takes(std::int64_t id, const Value& settledAt, std::int64_t writtenAt) {
    if (db::isNull(settledAt) || asInt(settledAt) > now_ - WebhookSources::kSettleMs) return false;
    if (id != next_ && writtenAt > now_ - WebhookSources::kGapMs) return false;
    next_ = id + 1;
    return true;
  }

private:
  std::int64_t next_;
  std::int64_t now_;
};

// Rows of `sql` (bound to the cursor's id and the limit; first column the id, `atColumn` the
// time the row was written, when it settles too) in order, up to the first that may not go.
template <typename ToEvent>
SourceRead readSettled(db::Connection& c, const std::string& sql, db::SourceCursor after, int limit,
                       std::int64_t now, std::size_t atColumn, ToEvent toEvent) {
  SourceRead out;
  out.next = after;
  IdRun run(after, now);
  for (const auto& r : c.query(sql, {after.id, std::int64_t{limit}}).rows) {
    if (!run.takes(asInt(r[0]), r[atColumn], asInt(r[atColumn]))) break;
    out.events.add(toEvent(r));
    out.next.id = asInt(r[0]);
  }
  return out;
}

// Messages by the time they reached a final state: (done_at, id) after the cursor, on the
// messages_done index.
WebhookSource deliveryReport() {
  WebhookSource s;
  s.event = "delivery_report";
  s.newest = [](db::Connection& c) {
    auto rows = c.query("SELECT MAX(done_at), MAX(id) FROM messages");
    if (rows.empty()) return db::SourceCursor{};
    return db::SourceCursor{asInt(rows.rows.front()[0]), asInt(rows.rows.front()[1])};
  };
  s.read = [](db::Connection& c, db::SourceCursor after, int limit, std::int64_t now) {
    const std::string sql =
        "SELECT id, done_at, status, provider, provider_message_id, error_code, error_message,"
        " reference, to_number, from_number, tag, user_id, campaign_id, parts, created_at"
        " FROM messages WHERE done_at <= ? AND (done_at > ? OR (done_at = ? AND id > ?))"
        " ORDER BY done_at, id LIMIT ?";
    SourceRead out;
    out.next = after;
    const auto settled = now - WebhookSources::kSettleMs;
    for (const auto& r :
         c.query(sql, {settled, after.at, after.at, after.id, std::int64_t{limit}}).rows) {
      Poco::JSON::Object d(Poco::JSON_PRESERVE_KEY_ORDER);
      d.set("message_id", asInt(r[0]));
      d.set("status", asString(r[2]));
      d.set("provider", textOf(r[3]));
      d.set("provider_message_id", textOf(r[4]));
      d.set("error_code", textOf(r[5]));
      d.set("error_message", textOf(r[6]));
      d.set("reference", textOf(r[7]));
      d.set("to", asString(r[8]));
      d.set("from", textOf(r[9]));
      d.set("tag", textOf(r[10]));
      d.set("user_id", asInt(r[11]));
      d.set("campaign_id", intOrNull(r[12]));
      d.set("parts", asInt(r[13]));
      d.set("created_at", isoTime(asInt(r[14])));
      // The same message may come again (expired, then delivered): the time tells them apart.
      out.events.add(
          event("delivery_report", asInt(r[0]), asInt(r[1]), d, std::to_string(asInt(r[1]))));
      out.next = {asInt(r[1]), asInt(r[0])};
    }
    return out;
  };
  return s;
}

WebhookSource inbound() {
  WebhookSource s;
  s.event = "inbound";
  s.newest = [](db::Connection& c) { return newestId(c, "inbound_messages"); };
  s.read = [](db::Connection& c, db::SourceCursor after, int limit, std::int64_t now) {
    // The column that decides: when it was handled, or (never handled for a minute) when it
    // came, pushed past the settle window so it goes.
    const std::string sql =
        "SELECT id, CASE WHEN handled_at IS NOT NULL THEN handled_at"
        " WHEN received_at <= ? THEN received_at END, instance, from_number, to_number, body,"
        " received_at, entity_type, entity_id, rule_id, outcome, user_id"
        " FROM inbound_messages WHERE id > ? ORDER BY id LIMIT ?";
    SourceRead out;
    out.next = after;
    IdRun run(after, now);
    const auto rows =
        c.query(sql, {now - WebhookSources::kUnhandledMs, after.id, std::int64_t{limit}}).rows;
    for (const auto& r : rows) {
      if (!run.takes(asInt(r[0]), r[1], asInt(r[6]))) break;
      Poco::JSON::Object d(Poco::JSON_PRESERVE_KEY_ORDER);
      d.set("inbound_id", asInt(r[0]));
      d.set("instance", asString(r[2]));
      d.set("from", asString(r[3]));
      d.set("to", asString(r[4]));
      d.set("text", asString(r[5]));
      d.set("received_at", isoTime(asInt(r[6])));
      if (db::isNull(r[7])) {
        d.set("entity", Poco::Dynamic::Var());
      } else {
        Poco::JSON::Object entity(Poco::JSON_PRESERVE_KEY_ORDER);
        entity.set("type", asString(r[7]));
        entity.set("id", asInt(r[8]));
        d.set("entity", entity);
      }
      d.set("rule_id", intOrNull(r[9]));
      d.set("outcome", textOf(r[10]));
      d.set("user_id", intOrNull(r[11]));
      out.events.add(event("inbound", asInt(r[0]), asInt(r[6]), d));
      out.next.id = asInt(r[0]);
    }
    return out;
  };
  return s;
}

WebhookSource optOut() {
  WebhookSource s;
  s.event = "opt_out";
  s.newest = [](db::Connection& c) { return newestId(c, "consent_events"); };
  s.read = [](db::Connection& c, db::SourceCursor after, int limit, std::int64_t now) {
    const std::string sql =
        "SELECT id, at, phone, action, channel, detail, inbound_id, user_name"
        " FROM consent_events WHERE id > ? ORDER BY id LIMIT ?";
    return readSettled(c, sql, after, limit, now, 1, [](const std::vector<Value>& r) {
      Poco::JSON::Object d(Poco::JSON_PRESERVE_KEY_ORDER);
      d.set("phone", asString(r[2]));
      d.set("action", asString(r[3]));
      d.set("channel", asString(r[4]));
      d.set("detail", textOf(r[5]));
      d.set("inbound_id", intOrNull(r[6]));
      d.set("user", textOf(r[7]));
      return event("opt_out", asInt(r[0]), asInt(r[1]), d);
    });
  };
  return s;
}

WebhookSource created(const entity::EntityType& type) {
  WebhookSource s;
  s.event = type.name + ".created";
  const auto table = entity::EntityTables::table(type);
  s.newest = [table](db::Connection& c) { return newestId(c, table); };
  s.read = [&type, name = s.event](db::Connection& c, db::SourceCursor after, int limit,
                                   std::int64_t now) {
    SourceRead out;
    out.next = after;
    IdRun run(after, now);
    for (const auto& r : entity::EntityRepository::list(c, type, {}, after.id, limit)) {
      if (!run.takes(r.id, Value(r.createdAt), r.createdAt)) break;
      out.events.add(event(name, r.id, r.createdAt, entityJson(type, r, true)));
      out.next.id = r.id;
    }
    return out;
  };
  return s;
}

}  // namespace

std::string webhookBody(std::int64_t webhookId, const Poco::JSON::Array& events) {
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("webhook_id", webhookId);
  body.set("events", events);
  return toJson(body);
}

WebhookSources::WebhookSources(const EntityService& entities)
    : sources_{deliveryReport(), inbound(), optOut()} {
  for (const auto& type : entities.catalog().types()) sources_.push_back(created(type));
}

const WebhookSource* WebhookSources::find(const std::string& event) const {
  for (const auto& s : sources_)
    if (s.event == event) return &s;
  return nullptr;
}

std::string WebhookSources::names() const {
  std::string out;
  for (const auto& s : sources_) out += (out.empty() ? "" : ", ") + s.event;
  return out;
}

}  // namespace pigeon::host
