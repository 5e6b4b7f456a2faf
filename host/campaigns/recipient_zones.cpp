#include "campaigns/recipient_zones.h"

#include "campaigns/time_zones.h"

namespace pigeon::host::campaigns {

namespace {

constexpr const char* kZoneField = "time_zone";

}  // namespace

std::string RecipientZones::zoneFor(const std::string& own, const std::string& number,
                                    const std::string& fallback) {
  if (!own.empty() && knownTimeZone(own)) return own;
  const auto prefix = number.substr(0, 4);  // "+" and up to three digits of calling code
  auto it = zoneByPrefix_.find(prefix);
  if (it == zoneByPrefix_.end())
    it = zoneByPrefix_.emplace(prefix, zoneOfRegion(phones_.mainRegionOf(number))).first;
  return it->second.empty() ? fallback : it->second;
}

std::optional<std::size_t> RecipientZones::zoneField(const entity::EntityType& type) {
  for (std::size_t i = 0; i < type.fields.size(); ++i)
    if (type.fields[i].name == kZoneField) return i;
  return std::nullopt;
}

}  // namespace pigeon::host::campaigns
