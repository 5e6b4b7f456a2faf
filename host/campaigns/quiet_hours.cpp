#include "campaigns/quiet_hours.h"

#include <cstdio>

namespace pigeon::host::campaigns {

namespace {

constexpr int kDay = 24 * 60;

// "HH:MM", 00:00 to 23:59; -1 otherwise.
int readClock(const std::string& text) {
  if (text.size() != 5 || text[2] != ':') return -1;
  for (int i : {0, 1, 3, 4})
    if (text[i] < '0' || text[i] > '9') return -1;
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) return -1;
  return hours * 60 + minutes;
}

std::string clock(int minutes) {
  char out[16];
  std::snprintf(out, sizeof out, "%02d:%02d", minutes / 60, minutes % 60);
  return out;
}

}  // namespace

std::optional<QuietHours> QuietHours::parse(const std::string& text, std::string& problem) {
  const auto dash = text.find('-');
  const int from = dash == std::string::npos ? -1 : readClock(text.substr(0, dash));
  const int to = dash == std::string::npos ? -1 : readClock(text.substr(dash + 1));
  if (from < 0 || to < 0) {
    problem = "quiet hours must look like 21:00-09:00, got '" + text + "'";
    return std::nullopt;
  }
  if (from == to) {
    problem = "quiet hours " + text + " would cover the whole day: nothing could ever be sent";
    return std::nullopt;
  }
  return QuietHours{from, to};
}

std::string QuietHours::format() const {
  return any() ? clock(from) + "-" + clock(to) : std::string();
}

bool QuietHours::quietAt(int minute) const {
  if (!any()) return false;
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

int QuietHours::minutesLeft(int minute) const {
  if (!quietAt(minute)) return 0;
  return (to - minute + kDay) % kDay;
}

int minuteOfDay(std::int64_t epochMs, int offsetMinutes) {
  const std::int64_t local = epochMs / 60000 + offsetMinutes;
  return static_cast<int>(((local % kDay) + kDay) % kDay);
}

std::optional<QuietHours> QuietHours::choose(const std::optional<std::string>& given,
                                             const std::string& fallback, std::string& problem) {
  const auto& text = given ? *given : fallback;
  if (text.empty() || text == "none") return QuietHours{};
  return parse(text, problem);
}

}  // namespace pigeon::host::campaigns
