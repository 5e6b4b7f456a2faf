#include "schema/calendar.h"

#include <chrono>
#include <cstdio>

namespace pigeon::entity {

namespace {

using namespace std::chrono;

constexpr std::int64_t kMsPerDay = 86'400'000;

// Reads exactly `width` digits at `pos`.
std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t width) {
  if (pos + width > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// hh:mm[:ss[.fff]] at pos; returns ms into the day and moves pos past it.
std::optional<std::int64_t> timeOfDay(std::string_view s, std::size_t& pos) {
  auto h = digits(s, pos, 2);
  auto m = pos + 2 < s.size() && s[pos + 2] == ':' ? digits(s, pos + 3, 2) : std::nullopt;
  if (!h || !m || *h > 23 || *m > 59) return std::nullopt;
  pos += 5;
  int sec = 0, ms = 0;
  if (pos < s.size() && s[pos] == ':') {
    auto sv = digits(s, pos + 1, 2);
    if (!sv || *sv > 59) return std::nullopt;
    sec = *sv;
    pos += 3;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      int scale = 100, read = 0;
      for (; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos, ++read)
        if (scale > 0) {
          ms += (s[pos] - '0') * scale;
          scale /= 10;
        }
      if (read == 0) return std::nullopt;
    }
  }
  return ((*h * 60 + *m) * 60 + sec) * 1000LL + ms;
}

// Z, +hh:mm, +hhmm, -hh or nothing (UTC); returns the offset in ms.
std::optional<std::int64_t> offset(std::string_view s, std::size_t pos) {
  if (pos == s.size()) return 0;
  if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) return 0;
  if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
  const int sign = s[pos] == '-' ? -1 : 1;
  auto h = digits(s, pos + 1, 2);
  if (!h || *h > 23) return std::nullopt;
  std::size_t p = pos + 3;
  int m = 0;
  if (p < s.size()) {
    if (s[p] == ':') ++p;
    auto mv = digits(s, p, 2);
    if (!mv || *mv > 59 || p + 2 != s.size()) return std::nullopt;
    m = *mv;
  }
  return sign * (*h * 60 + m) * 60'000LL;
}

}  // namespace

std::optional<std::int64_t> parseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto y = digits(text, 0, 4), m = digits(text, 5, 2), d = digits(text, 8, 2);
  if (!y || !m || !d) return std::nullopt;
  const year_month_day ymd{year{*y}, month{static_cast<unsigned>(*m)},
                           day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd}.time_since_epoch().count();
}

std::string formatDate(std::int64_t daysSinceEpoch) {
  const year_month_day ymd{sys_days{days{daysSinceEpoch}}};
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return out;
}

std::optional<std::int64_t> parseDateTime(std::string_view text) {
  auto day = parseDate(text.substr(0, 10));
  if (!day) return std::nullopt;
  if (text.size() == 10) return *day * kMsPerDay;
  if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') return std::nullopt;
  std::size_t pos = 11;
  auto time = timeOfDay(text, pos);
  if (!time) return std::nullopt;
  auto shift = offset(text, pos);
  if (!shift) return std::nullopt;
  return *day * kMsPerDay + *time - *shift;
}

std::string formatDateTime(std::int64_t ms) {
  const std::int64_t day = ms >= 0 ? ms / kMsPerDay : -((-ms + kMsPerDay - 1) / kMsPerDay);
  const std::int64_t inDay = ms - day * kMsPerDay;
  const int h = static_cast<int>(inDay / 3'600'000), m = static_cast<int>(inDay / 60'000 % 60),
            s = static_cast<int>(inDay / 1000 % 60), frac = static_cast<int>(inDay % 1000);
  char out[32];
  if (frac)
    std::snprintf(out, sizeof out, "%sT%02d:%02d:%02d.%03dZ", formatDate(day).c_str(), h, m, s,
                  frac);
  else
    std::snprintf(out, sizeof out, "%sT%02d:%02d:%02dZ", formatDate(day).c_str(), h, m, s);
  return out;
}

}  // namespace pigeon::entity
