#pragma once
// The states a message goes through, and their names on the wire and in the store.

#include <optional>
#include <string_view>

namespace pigeon::db {

enum class MessageStatus {
  kQueued,
  kSending,
  kSubmitted,
  kDelivered,
  kFailed,
  kExpired,
  kRejected
};
inline constexpr int kMessageStatusCount = 7;

const char* statusName(MessageStatus status);
std::optional<MessageStatus> parseStatus(std::string_view name);
// Final states never change again (a late delivery report may still turn expired into delivered).
bool isFinal(MessageStatus status);

enum class Priority { kHigh = 0, kNormal = 1, kBulk = 2 };
inline constexpr int kPriorityCount = 3;
const char* priorityName(Priority priority);
std::optional<Priority> parsePriority(std::string_view name);

}  // namespace pigeon::db
