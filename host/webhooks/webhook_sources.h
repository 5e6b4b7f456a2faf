#pragma once
// Where webhook events come from: rows the host stores anyway, read in order after a cursor.
// A source hands on only the rows that have settled (written a second ago or more, or for an
// inbound SMS, handled), and stops at the first that has not. Sources read by id also stop at
// an id skipped, for up to kGapMs, so a row whose transaction commits late (a CSV import batch)
// is not skipped; a transaction that holds a row uncommitted longer than that loses its event.
//
//   delivery_report  messages reaching a final state (delivered, failed, expired, rejected),
//                    by the time they reached it; a late report after expired comes again
//   inbound          inbound_messages, once the keyword engine has handled them
//   opt_out          consent_events (opt-outs and opt-ins)
//   <type>.created   the rows of an entity type (case.created, contact.created, ...)

#include <Poco/JSON/Array.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "db/connection.h"
#include "entities/entity_service.h"
#include "repositories/webhook_repository.h"

namespace pigeon::host {

struct SourceRead {
  Poco::JSON::Array events;  // {"id", "event", "at", "data"}
  db::SourceCursor next;     // the cursor after them
};

struct WebhookSource {
  std::string event;
  // Settled rows after `after`, at most `limit`.
  std::function<SourceRead(db::Connection&, db::SourceCursor after, int limit, std::int64_t now)>
      read;
  std::function<db::SourceCursor(db::Connection&)> newest;  // where a new subscriber starts
};

// What a delivery POSTs: {"webhook_id": 3, "events": [...]}.
std::string webhookBody(std::int64_t webhookId, const Poco::JSON::Array& events);

class WebhookSources {
public:
  explicit WebhookSources(const EntityService& entities);

  const std::vector<WebhookSource>& all() const { return sources_; }
  const WebhookSource* find(const std::string& event) const;
  // "delivery_report, inbound, opt_out, contact.created, ..." for error messages.
  std::string names() const;

  // How long a row waits before it is handed on: longer than any write transaction lasts.
  static constexpr std::int64_t kSettleMs = 1000;
  // How long a source read by id waits at an id skipped for its row to commit.
  static constexpr std::int64_t kGapMs = 60000;
  // An inbound SMS the engine has not handled after this long goes without its outcome.
  static constexpr std::int64_t kUnhandledMs = 60000;

private:
  std::vector<WebhookSource> sources_;
};

}  // namespace pigeon::host
