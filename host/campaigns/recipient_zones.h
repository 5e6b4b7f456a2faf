#pragma once
// The time zone a recipient's quiet hours are kept in: the row's own time_zone field when the
// type has one and it names a zone, else the zone of the number's country (its main zone, by
// ICU), else the caller's default. Countries are looked up once per calling-code prefix.
// Not thread-safe: each user (a freezer, a reminder runner) keeps its own.

#include <map>
#include <optional>
#include <string>

#include "phone/phone_normalizer.h"
#include "schema/entity_catalog.h"

namespace pigeon::host::campaigns {

class RecipientZones {
public:
  explicit RecipientZones(const phone::PhoneNormalizer& phones) : phones_(phones) {}

  std::string zoneFor(const std::string& own, const std::string& number,
                      const std::string& fallback);

  // The position of the type's time_zone field among its fields, if it has one.
  static std::optional<std::size_t> zoneField(const entity::EntityType& type);

private:
  const phone::PhoneNormalizer& phones_;
  std::map<std::string, std::string> zoneByPrefix_;  // "+" and three digits -> zone
};

}  // namespace pigeon::host::campaigns
