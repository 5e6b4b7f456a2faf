#include "campaigns/time_zones.h"

#include <map>
#include <memory>
#include <mutex>

#include <unicode/strenum.h>
#include <unicode/timezone.h>

namespace pigeon::host::campaigns {

namespace {

// Countries over several zones, and the zone most of their people live in.
const std::map<std::string, std::string> kMainZones{
    {"RU", "Europe/Moscow"},     {"US", "America/New_York"},
    {"CA", "America/Toronto"},   {"BR", "America/Sao_Paulo"},
    {"AU", "Australia/Sydney"},  {"MX", "America/Mexico_City"},
    {"KZ", "Asia/Almaty"},       {"ID", "Asia/Jakarta"},
    {"CN", "Asia/Shanghai"},     {"AR", "America/Argentina/Buenos_Aires"},
    {"CL", "America/Santiago"},  {"ES", "Europe/Madrid"},
    {"PT", "Europe/Lisbon"},     {"UA", "Europe/Kyiv"},
    {"MN", "Asia/Ulaanbaatar"},  {"CD", "Africa/Kinshasa"},
    {"DE", "Europe/Berlin"},     {"NZ", "Pacific/Auckland"},
    {"EC", "America/Guayaquil"}, {"UZ", "Asia/Tashkent"},
    {"MY", "Asia/Kuala_Lumpur"}, {"GB", "Europe/London"},
    {"FR", "Europe/Paris"},      {"IN", "Asia/Kolkata"},
    {"TR", "Europe/Istanbul"},   {"IR", "Asia/Tehran"},
};

std::unique_ptr<icu::TimeZone> open(const std::string& zone) {
  return std::unique_ptr<icu::TimeZone>(
      icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(zone)));
}

// ICU zone objects are not cheap to make and a campaign asks about a handful of zones over and
// over: each is made once. A const TimeZone is safe to share between threads.
const icu::TimeZone& cached(const std::string& zone) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<icu::TimeZone>> zones;
  std::lock_guard lock(mutex);
  auto& slot = zones[zone];
  if (!slot) slot = open(zone);
  return *slot;
}

}  // namespace

bool knownTimeZone(const std::string& zone) {
  if (zone.empty() || zone.size() > 64) return false;
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString canonical;
  UBool system = false;
  icu::TimeZone::getCanonicalID(icu::UnicodeString::fromUTF8(zone), canonical, system, status);
  return U_SUCCESS(status) && system;
}

int utcOffsetMinutes(const std::string& zone, std::int64_t epochMs) {
  if (!knownTimeZone(zone)) return 0;
  std::int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  cached(zone).getOffset(static_cast<UDate>(epochMs), false, raw, dst, status);
  if (U_FAILURE(status)) return 0;
  return (raw + dst) / 60000;
}

std::string zoneOfRegion(const std::string& region) {
  if (region.size() != 2) return "";
  if (auto main = kMainZones.find(region); main != kMainZones.end()) return main->second;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::StringEnumeration> zones(icu::TimeZone::createTimeZoneIDEnumeration(
      UCAL_ZONE_TYPE_CANONICAL_LOCATION, region.c_str(), nullptr, status));
  if (U_FAILURE(status) || !zones) return "";
  const icu::UnicodeString* first = zones->snext(status);
  if (U_FAILURE(status) || !first) return "";
  std::string out;
  first->toUTF8String(out);
  return out;
}

}  // namespace pigeon::host::campaigns
