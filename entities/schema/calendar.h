#pragma once
// Dates and instants as entity fields carry them: a date is "YYYY-MM-DD" (a real calendar
// day), an instant is ISO 8601 ("2026-12-04T09:30:00Z", "...+03:00", optional fraction) and
// milliseconds since the Unix epoch in the store. Proleptic Gregorian, UTC.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pigeon::entity {

// Days since 1970-01-01 of a "YYYY-MM-DD" that names a real day, else nullopt.
std::optional<std::int64_t> parseDate(std::string_view text);
std::string formatDate(std::int64_t daysSinceEpoch);

// Milliseconds since the epoch of an ISO 8601 instant; a time without an offset is UTC. A
// bare date is midnight UTC of that day.
std::optional<std::int64_t> parseDateTime(std::string_view text);
// "2026-12-04T09:30:00Z", with ".250" when the milliseconds are not zero.
std::string formatDateTime(std::int64_t ms);

}  // namespace pigeon::entity
