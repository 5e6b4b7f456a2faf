#pragma once
// Webhooks (a URL, the events it wants, the secret its POSTs are signed with), the POSTs owed
// to them (each kept until answered with 2xx or given up), and a cursor per event source: the
// id of the last row handed on.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"

namespace pigeon::db {

struct WebhookRecord {
  std::int64_t id = 0;
  std::string url;
  std::vector<std::string> events;  // stored as a comma-separated list
  std::string secret;
  bool enabled = true;
  std::string createdBy;
  std::int64_t createdAt = 0;
  std::int64_t updatedAt = 0;
};

struct WebhookDelivery {
  std::int64_t id = 0;
  std::int64_t webhookId = 0;
  std::string events;  // the event names it carries, comma-separated
  std::string body;    // the JSON POSTed, as signed
  int eventCount = 0;
  std::string state;  // pending | delivered | failed
  int attempts = 0;
  std::int64_t nextAt = 0;
  std::optional<int> lastStatus;  // the HTTP status of the last try, if one was reached
  std::string lastError;
  std::int64_t createdAt = 0;
  std::optional<std::int64_t> finishedAt;
};

// Where a source was read up to: the last row's id, and for sources read in time order, its
// time.
struct SourceCursor {
  std::int64_t at = 0;
  std::int64_t id = 0;
};

class WebhookRepository {
public:
  static std::vector<WebhookRecord> all(Connection& c);
  static std::optional<WebhookRecord> find(Connection& c, std::int64_t id);
  static std::int64_t insert(Connection& c, const WebhookRecord& w, std::int64_t now);
  static void update(Connection& c, const WebhookRecord& w, std::int64_t now);
  static bool remove(Connection& c, std::int64_t id);  // its deliveries too

  static void addDelivery(Connection& c, const WebhookDelivery& d);
  // Pending deliveries of enabled webhooks due by `now`, oldest first.
  static std::vector<WebhookDelivery> due(Connection& c, std::int64_t now, int limit);
  // The newest first, `before` an id (0: from the newest).
  static std::vector<WebhookDelivery> deliveries(Connection& c, std::int64_t webhookId,
                                                 std::int64_t before, int limit);
  static void recordAttempt(Connection& c, const WebhookDelivery& d);
  // Removes up to `limit` deliveries finished (delivered or failed) before `before`; how many.
  static std::size_t pruneFinished(Connection& c, std::int64_t before, int limit);

  // The last row handed on from a source; nullopt when the source was never read.
  static std::optional<SourceCursor> cursor(Connection& c, const std::string& source);
  static void setCursor(Connection& c, const std::string& source, SourceCursor last);
};

}  // namespace pigeon::db
