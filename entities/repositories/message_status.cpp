#include "repositories/message_status.h"

#include <array>

namespace pigeon::db {

namespace {

struct StatusRow {
  MessageStatus status;
  const char* name;
  bool final;
};

constexpr std::array<StatusRow, kMessageStatusCount> kStatuses{{
    {MessageStatus::kQueued, "queued", false},
    {MessageStatus::kSending, "sending", false},
    {MessageStatus::kSubmitted, "submitted", false},
    {MessageStatus::kDelivered, "delivered", true},
    {MessageStatus::kFailed, "failed", true},
    {MessageStatus::kExpired, "expired", true},
    {MessageStatus::kRejected, "rejected", true},
}};

constexpr std::array<const char*, kPriorityCount> kPriorities{"high", "normal", "bulk"};

}  // namespace

const char* statusName(MessageStatus status) { return kStatuses[static_cast<int>(status)].name; }

std::optional<MessageStatus> parseStatus(std::string_view name) {
  for (const auto& row : kStatuses)
    if (name == row.name) return row.status;
  return std::nullopt;
}

bool isFinal(MessageStatus status) { return kStatuses[static_cast<int>(status)].final; }

const char* priorityName(Priority priority) { return kPriorities[static_cast<int>(priority)]; }

std::optional<Priority> parsePriority(std::string_view name) {
  for (int i = 0; i < kPriorityCount; ++i)
    if (name == kPriorities[i]) return static_cast<Priority>(i);
  return std::nullopt;
}

}  // namespace pigeon::db
