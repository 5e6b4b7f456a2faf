#pragma once
// Time zones by their IANA names (ICU's copy of the tz database, so no system files are
// needed): whether a name is known, a zone's offset at an instant, and the zone a country's
// numbers are taken to be in when a recipient's own zone is not known.

#include <cstdint>
#include <string>

namespace pigeon::host::campaigns {

// Whether ICU knows the zone ("Europe/Moscow", "UTC"); "Mars/Olympus" is not.
bool knownTimeZone(const std::string& zone);

// Minutes east of UTC in `zone` at `epochMs` (daylight saving included); 0 for an unknown zone.
int utcOffsetMinutes(const std::string& zone, std::int64_t epochMs);

// The zone of a country (ISO 3166 code, "RU"): its only zone, or for a country that spans
// several, the one most of its people live in (a table: Moscow for Russia, New York for the
// United States...). Empty for an unknown country.
std::string zoneOfRegion(const std::string& region);

}  // namespace pigeon::host::campaigns
