#pragma once
// Plain records the message repository reads and writes.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "repositories/message_status.h"

namespace pigeon::db {

struct NewMessage {
  std::int64_t userId = 0;
  std::optional<std::string> reference;  // the caller's idempotency key
  std::string to;                        // E.164
  std::string from;
  std::string body;
  std::string encoding;  // "GSM7" | "UCS2"
  int parts = 1;
  Priority priority = Priority::kNormal;
  std::string requestedProvider;  // empty = let the router choose
  std::string tag;                // the caller's label (routes may match it); may be empty
  // Set: stored as rejected for this reason (e.g. "opted_out"), never sent; kept so the
  // history shows it.
  std::string rejectReason;
  std::int64_t campaignId = 0;  // 0: not sent for a campaign
};

struct InsertOutcome {
  std::int64_t id = 0;
  bool duplicate = false;  // the reference was seen before; id is the first message's
  MessageStatus status = MessageStatus::kQueued;
  std::string encoding;
  int parts = 0;
  std::string to;  // as stored: for a duplicate, the first message's number
  // A duplicate whose number or text differ from the first message's: the caller reused a
  // reference for something else.
  bool conflict = false;
  bool leased = false;  // stored already claimed (MessageRepository::insert with a lease)
  std::string reason;   // why it was rejected (status kRejected)
};

// Who new rows are claimed for at insert, until when, and how many of them at most.
struct InsertLease {
  std::string owner;
  std::int64_t until = 0;
  std::size_t count = 0;
};

struct ClaimedMessage {
  std::int64_t id = 0;
  std::string to;
  std::string from;
  std::string body;
  std::string encoding;
  int parts = 1;
  int attempts = 0;  // attempts made before this one
  Priority priority = Priority::kNormal;
  std::string requestedProvider;
  std::string tag;
  int routeSkip = 0;  // instances of its route that answered no_route: the next try skips them
};

// What one claim on one lane found.
struct LaneClaim {
  std::vector<ClaimedMessage> messages;
  bool more = false;                      // more messages of this lane are due now
  std::optional<std::int64_t> nextDueAt;  // else: when the next one falls due, if any
};

// One change of a message's state, with what the timeline should show about it.
struct Transition {
  std::int64_t id = 0;
  MessageStatus to = MessageStatus::kQueued;
  std::string provider;           // empty = keep
  std::string providerMessageId;  // empty = keep
  std::string errorCode;
  std::string detail;
  int attemptsDelta = 0;
  int routeSkipDelta = 0;  // 1: the instance answered no_route; the next try skips it
  std::optional<std::int64_t> nextAttemptAt;
};

// A delivery report that names the message only by the provider's id.
struct ProviderReport {
  std::string provider;
  std::string providerMessageId;
  MessageStatus to = MessageStatus::kDelivered;
  std::string errorCode;
};

struct MessageEvent {
  std::int64_t at = 0;
  std::string status;
  std::string provider;
  std::string providerMessageId;
  std::string errorCode;
  std::string detail;
};

struct MessageRecord {
  std::int64_t id = 0;
  std::int64_t userId = 0;
  std::string reference;
  std::string to;
  std::string from;
  std::string body;
  std::string encoding;
  int parts = 1;
  Priority priority = Priority::kNormal;
  std::string provider;
  MessageStatus status = MessageStatus::kQueued;
  int attempts = 0;
  std::string providerMessageId;
  std::string errorCode;
  std::string errorMessage;
  std::int64_t createdAt = 0;
  std::int64_t updatedAt = 0;
  std::int64_t submittedAt = 0;  // 0 = never submitted
  std::int64_t doneAt = 0;       // 0 = not final
  std::string tag;
  std::vector<MessageEvent> events;  // filled by find(), not by list()
};

struct MessageFilter {
  std::optional<MessageStatus> status;
  std::string to;
  std::optional<std::int64_t> since;     // created_at >= since (ms)
  std::optional<std::int64_t> beforeId;  // cursor: ids below this one
  std::optional<std::int64_t> userId;    // only this user's messages
  int limit = 100;
  // Filters with no index of their own (status, since, user) are searched this many ids at a
  // time, newest first, so one page never reads more than this many rows.
  std::int64_t searchWindow = 100000;
};

// One page of a list, newest first. A searched page may hold fewer than `limit` messages (even
// none) and still have a next page: follow nextCursor until it is empty.
struct MessagePage {
  std::vector<MessageRecord> messages;
  std::optional<std::int64_t> nextCursor;  // pass as beforeId for the next page
};

}  // namespace pigeon::db
