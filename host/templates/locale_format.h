#pragma once
// How a template writes an entity's values for its readers: amounts with the locale's
// separators, dates and times in its order and digits, yes/no in its words. One row per
// locale in locale_format.cpp; an unknown locale is refused when a template is saved.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/value.h"
#include "pigeon/sdk/entity/entity_type.h"

namespace pigeon::host {

struct LocaleStyle {
  std::string_view locale;     // "en", "ru", "fa", ...
  std::string_view decimal;    // "." or "," or "٫"
  std::string_view group;      // thousands separator
  std::string_view dateOrder;  // "dmy", "mdy" or "ymd"
  std::string_view dateSeparator;
  bool nativeDigits;  // Persian digits (fa) or Arabic-Indic digits (ar)
  std::string_view yes;
  std::string_view no;
};

// The style of `locale`, or nullptr when there is none.
const LocaleStyle* findLocale(std::string_view locale);
std::vector<std::string_view> localeNames();

// A stored value as a template shows it; empty for null.
std::string formatValue(const sdk::entity::Field& field, const db::Value& stored,
                        const LocaleStyle& style, int utcOffsetMinutes);

}  // namespace pigeon::host
