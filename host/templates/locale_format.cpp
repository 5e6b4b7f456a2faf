#include "templates/locale_format.h"

#include <array>
#include <cmath>
#include <cstdio>

#include "schema/calendar.h"
#include "schema/field_codec.h"

namespace pigeon::host {

namespace {

using sdk::entity::FieldType;

constexpr std::array<LocaleStyle, 10> kLocales{{
    {"en", ".", ",", "dmy", " ", false, "yes", "no"},  // 31 Jan 2027
    {"en-us", ".", ",", "mdy", "/", false, "yes", "no"},
    {"ru", ",", "\u00A0", "dmy", ".", false, "да", "нет"},
    {"de", ",", ".", "dmy", ".", false, "ja", "nein"},
    {"fr", ",", "\u202F", "dmy", "/", false, "oui", "non"},
    {"es", ",", ".", "dmy", "/", false, "sí", "no"},
    {"tr", ",", ".", "dmy", ".", false, "evet", "hayır"},
    {"fa", "٫", "٬", "ymd", "/", true, "بله", "خیر"},
    {"ar", "٫", "٬", "dmy", "/", true, "نعم", "لا"},
    {"iso", ".", "", "ymd", "-", false, "true", "false"},
}};

constexpr std::array<const char*, 12> kEnglishMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<const char*, 10> kPersianDigits{"۰", "۱", "۲", "۳", "۴",
                                                     "۵", "۶", "۷", "۸", "۹"};
constexpr std::array<const char*, 10> kArabicDigits{"٠", "١", "٢", "٣", "٤",
                                                    "٥", "٦", "٧", "٨", "٩"};

std::string digits(std::string_view text, const LocaleStyle& style) {
  if (!style.nativeDigits) return std::string(text);
  const auto& table = style.locale == "fa" ? kPersianDigits : kArabicDigits;
  std::string out;
  for (char c : text) {
    if (c >= '0' && c <= '9')
      out += table[static_cast<std::size_t>(c - '0')];
    else
      out += c;
  }
  return out;
}

// "1234567.5" -> "1,234,567.50" in the locale's separators; `minDecimals` places at least.
std::string number(std::string plain, const LocaleStyle& style, std::size_t minDecimals) {
  const bool negative = !plain.empty() && plain[0] == '-';
  if (negative) plain.erase(0, 1);
  const auto dot = plain.find('.');
  std::string whole = plain.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "" : plain.substr(dot + 1);
  while (fraction.size() < minDecimals) fraction += '0';
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += style.group;
    grouped += whole[i];
  }
  std::string out = (negative ? "-" : "") + digits(grouped, style);
  if (!fraction.empty()) out += std::string(style.decimal) + digits(fraction, style);
  return out;
}

std::string date(const std::string& ymd, const LocaleStyle& style) {
  if (ymd.size() != 10) return ymd;
  const auto y = ymd.substr(0, 4), m = ymd.substr(5, 2), d = ymd.substr(8, 2);
  const auto sep = std::string(style.dateSeparator);
  if (style.locale == "en")
    return digits(std::to_string(std::stoi(d)), style) + " " + kEnglishMonths[std::stoi(m) - 1] +
           " " + y;
  if (style.dateOrder == "mdy") return digits(m + sep + d + sep + y, style);
  if (style.dateOrder == "ymd") return digits(y + sep + m + sep + d, style);
  return digits(d + sep + m + sep + y, style);
}

}  // namespace

const LocaleStyle* findLocale(std::string_view locale) {
  for (const auto& l : kLocales)
    if (l.locale == locale) return &l;
  return nullptr;
}

std::vector<std::string_view> localeNames() {
  std::vector<std::string_view> out;
  for (const auto& l : kLocales) out.push_back(l.locale);
  return out;
}

std::string formatValue(const sdk::entity::Field& field, const db::Value& stored,
                        const LocaleStyle& style, int utcOffsetMinutes) {
  if (db::isNull(stored)) return "";
  switch (field.type) {
    case FieldType::kMoney: {
      const auto text = entity::formatMoney(db::asInt(stored));
      return number(text, style, 2);
    }
    case FieldType::kDecimal: {
      const double v = db::asDouble(stored);
      char text[64];
      // Beyond 10^15 a double has no fraction worth writing: plain %g, no grouping.
      if (!(std::fabs(v) < 1e15)) {
        std::snprintf(text, sizeof text, "%.15g", v);
        return text;
      }
      std::snprintf(text, sizeof text, "%.6f", v);
      std::string s = text;
      while (s.back() == '0') s.pop_back();
      if (s.back() == '.') s.pop_back();
      return number(s, style, 0);
    }
    case FieldType::kInteger:
      return digits(std::to_string(db::asInt(stored)), style);
    case FieldType::kDate:
      return date(db::asString(stored), style);
    case FieldType::kDateTime: {
      // The instant in the template's offset: "2027-01-31T09:30:00Z" shifted, then split.
      const auto local = entity::formatDateTime(db::asInt(stored) + utcOffsetMinutes * 60'000LL);
      return date(local.substr(0, 10), style) + " " + digits(local.substr(11, 5), style);
    }
    case FieldType::kBoolean:
      return std::string(db::asInt(stored) ? style.yes : style.no);
    default:
      return db::asString(stored);
  }
}

}  // namespace pigeon::host
