#include "api/message_json.h"

#include <Poco/JSON/Array.h>

#include "api/json_util.h"

namespace pigeon::host {

namespace {

Poco::Dynamic::Var orNull(const std::string& s) {
  return s.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(s);
}

}  // namespace

std::string maskNumber(const std::string& e164) {
  // Keep the country and operator prefix (what routing needs) and the last two digits.
  if (e164.size() < 8) return std::string(e164.size(), '*');
  return e164.substr(0, 5) + std::string(e164.size() - 7, '*') + e164.substr(e164.size() - 2);
}

Poco::JSON::Object messageJson(const db::MessageRecord& m, bool personalData, bool withEvents) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("id", m.id);
  o.set("status", std::string(db::statusName(m.status)));
  o.set("to", personalData ? m.to : maskNumber(m.to));
  o.set("from", orNull(m.from));
  if (personalData) o.set("text", m.body);
  o.set("encoding", m.encoding);
  o.set("parts", m.parts);
  o.set("priority", std::string(db::priorityName(m.priority)));
  o.set("reference", orNull(m.reference));
  o.set("tag", orNull(m.tag));
  o.set("provider", orNull(m.provider));
  o.set("provider_message_id", orNull(m.providerMessageId));
  o.set("attempts", m.attempts);
  if (m.errorCode.empty() && m.errorMessage.empty()) {
    o.set("error", Poco::Dynamic::Var());
  } else {
    Poco::JSON::Object e(Poco::JSON_PRESERVE_KEY_ORDER);
    e.set("code", orNull(m.errorCode));
    e.set("message", orNull(m.errorMessage));
    o.set("error", e);
  }
  o.set("created_at", isoTime(m.createdAt));
  o.set("updated_at", isoTime(m.updatedAt));
  if (withEvents) {
    Poco::JSON::Array events;
    for (const auto& ev : m.events) {
      Poco::JSON::Object e(Poco::JSON_PRESERVE_KEY_ORDER);
      e.set("status", ev.status);
      e.set("at", isoTime(ev.at));
      e.set("provider", orNull(ev.provider));
      e.set("provider_message_id", orNull(ev.providerMessageId));
      e.set("error_code", orNull(ev.errorCode));
      e.set("detail", orNull(ev.detail));
      events.add(e);
    }
    o.set("events", events);
  }
  return o;
}

}  // namespace pigeon::host
