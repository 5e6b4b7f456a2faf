#pragma once
// Quiet hours: the part of the recipient's day no campaign or reminder may text them in, such
// as 21:00-09:00 (it may wrap past midnight). Minutes after local midnight, end excluded.

#include <cstdint>
#include <optional>
#include <string>

namespace pigeon::host::campaigns {

struct QuietHours {
  int from = -1;  // -1: none
  int to = -1;

  bool any() const { return from >= 0; }
  // "21:00-09:00" -> {1260, 540}; nullopt with `problem` set for anything else, and for a
  // range that would cover the whole day (from == to).
  static std::optional<QuietHours> parse(const std::string& text, std::string& problem);
  std::string format() const;
  // What an author asked for: not given, the admin's default (`fallback`, "21:00-09:00" or
  // empty); "none" or "": none; else parsed as above (nullopt with `problem` when it fails).
  static std::optional<QuietHours> choose(const std::optional<std::string>& given,
                                          const std::string& fallback,
                                          std::string& problem);  // "21:00-09:00"; "" for none

  bool quietAt(int minuteOfDay) const;
  // From `minuteOfDay`, minutes until the quiet hours end (0 when they are not on).
  int minutesLeft(int minuteOfDay) const;
};

// The local minute of the day (0-1439) at `epochMs` for a zone `offsetMinutes` east of UTC.
int minuteOfDay(std::int64_t epochMs, int offsetMinutes);

}  // namespace pigeon::host::campaigns
