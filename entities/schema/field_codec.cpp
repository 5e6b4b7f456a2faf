#include "schema/field_codec.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

#include "schema/calendar.h"

namespace pigeon::entity {

namespace {

using sdk::entity::Field;
using sdk::entity::FieldType;

constexpr std::int64_t kMoneyScale = 10'000;
constexpr std::int64_t kMoneyLimit = std::numeric_limits<std::int64_t>::max() / kMoneyScale;
// Instants from 0001-01-01 to 9999-12-31 (ms since the epoch), so every one formats.
constexpr std::int64_t kFirstMs = -62135596800000;
constexpr std::int64_t kLastMs = 253402300799999;

// The input as text, for types that parse text (numbers given as JSON numbers included).
std::optional<std::string> asText(const FieldInput& in) {
  if (auto s = std::get_if<std::string>(&in)) return *s;
  if (auto i = std::get_if<std::int64_t>(&in)) return std::to_string(*i);
  return std::nullopt;
}

std::string quoted(const FieldInput& in) {
  if (auto s = std::get_if<std::string>(&in)) return "'" + s->substr(0, 40) + "'";
  return shownText(in);
}

std::optional<std::int64_t> wholeNumber(const FieldInput& in) {
  if (auto i = std::get_if<std::int64_t>(&in)) return *i;
  if (auto d = std::get_if<double>(&in))
    if (std::trunc(*d) == *d && std::fabs(*d) < 9.0e18) return static_cast<std::int64_t>(*d);
  if (auto s = std::get_if<std::string>(&in)) {
    std::int64_t v = 0;
    const auto* end = s->data() + s->size();
    auto [p, ec] = std::from_chars(s->data() + (!s->empty() && (*s)[0] == '+'), end, v);
    if (ec == std::errc() && p == end && !s->empty()) return v;
  }
  return std::nullopt;
}

using Store = std::string (*)(const Field&, const FieldInput&, const PhoneNormaliser&, db::Value&);
using Show = FieldInput (*)(const Field&, const db::Value&);

std::string storeString(const Field& f, const FieldInput& in, const PhoneNormaliser&,
                        db::Value& out) {
  auto text = std::get_if<std::string>(&in);
  if (!text) return "expected text, got " + quoted(in);
  // Characters, not bytes: count the UTF-8 lead bytes.
  const auto chars = std::count_if(text->begin(), text->end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  });
  if (chars > f.maxLength) return "longer than " + std::to_string(f.maxLength) + " characters";
  out = *text;
  return "";
}

std::string storePhone(const Field&, const FieldInput& in, const PhoneNormaliser& phones,
                       db::Value& out) {
  auto text = asText(in);
  auto normalised = text && phones ? phones(*text) : std::nullopt;
  if (!normalised) return "not a phone number: " + quoted(in);
  out = *normalised;
  return "";
}

std::string storeInteger(const Field&, const FieldInput& in, const PhoneNormaliser&,
                         db::Value& out) {
  auto v = wholeNumber(in);
  if (!v) return "not a whole number: " + quoted(in);
  out = *v;
  return "";
}

std::string storeDecimal(const Field&, const FieldInput& in, const PhoneNormaliser&,
                         db::Value& out) {
  double v = 0;
  if (auto d = std::get_if<double>(&in)) {
    v = *d;
  } else if (auto i = std::get_if<std::int64_t>(&in)) {
    v = static_cast<double>(*i);
  } else if (auto s = std::get_if<std::string>(&in)) {
    const auto* end = s->data() + s->size();
    auto [p, ec] = std::from_chars(s->data(), end, v);
    if (ec != std::errc() || p != end || s->empty()) return "not a number: " + quoted(in);
  } else {
    return "not a number: " + quoted(in);
  }
  if (!std::isfinite(v)) return "not a finite number";
  out = v;
  return "";
}

std::string storeMoney(const Field&, const FieldInput& in, const PhoneNormaliser&, db::Value& out) {
  std::optional<std::int64_t> v;
  if (auto d = std::get_if<double>(&in)) {
    char text[64];
    if (std::isfinite(*d) && std::fabs(*d) < static_cast<double>(kMoneyLimit)) {
      std::snprintf(text, sizeof text, "%.4f", *d);
      v = parseMoney(text);
    }
  } else if (auto text = asText(in)) {
    v = parseMoney(*text);
  }
  if (!v) return "not an amount with at most 4 decimals: " + quoted(in);
  out = *v;
  return "";
}

std::string storeDate(const Field&, const FieldInput& in, const PhoneNormaliser&, db::Value& out) {
  auto text = std::get_if<std::string>(&in);
  if (!text || !parseDate(*text)) return "not a date (YYYY-MM-DD): " + quoted(in);
  out = *text;
  return "";
}

std::string storeDateTime(const Field&, const FieldInput& in, const PhoneNormaliser&,
                          db::Value& out) {
  std::optional<std::int64_t> ms;
  if (auto i = std::get_if<std::int64_t>(&in)) ms = *i;  // milliseconds since the epoch
  if (auto s = std::get_if<std::string>(&in)) ms = parseDateTime(*s);
  if (!ms) return "not an ISO 8601 date and time: " + quoted(in);
  if (*ms < kFirstMs || *ms > kLastMs) return "not between the years 0001 and 9999";
  out = *ms;
  return "";
}

// The words a CSV or a form may use for a boolean.
struct BooleanWord {
  std::string_view word;
  bool value;
};
constexpr std::array<BooleanWord, 8> kBooleanWords{{{"true", true},
                                                    {"false", false},
                                                    {"1", true},
                                                    {"0", false},
                                                    {"yes", true},
                                                    {"no", false},
                                                    {"TRUE", true},
                                                    {"FALSE", false}}};

std::string storeBoolean(const Field&, const FieldInput& in, const PhoneNormaliser&,
                         db::Value& out) {
  if (auto b = std::get_if<bool>(&in)) {
    out = std::int64_t{*b};
    return "";
  }
  auto text = asText(in);
  for (const auto& w : kBooleanWords)
    if (text && *text == w.word) {
      out = std::int64_t{w.value};
      return "";
    }
  return "not true or false: " + quoted(in);
}

std::string storeEnum(const Field& f, const FieldInput& in, const PhoneNormaliser&,
                      db::Value& out) {
  auto text = std::get_if<std::string>(&in);
  if (!text || std::find(f.choices.begin(), f.choices.end(), *text) == f.choices.end()) {
    std::string list;
    for (const auto& c : f.choices) list += (list.empty() ? "" : ", ") + c;
    return "not one of " + list + ": " + quoted(in);
  }
  out = *text;
  return "";
}

std::string storeReference(const Field& f, const FieldInput& in, const PhoneNormaliser&,
                           db::Value& out) {
  auto v = wholeNumber(in);
  if (!v || *v <= 0) return "not the id of a " + f.target + ": " + quoted(in);
  out = *v;
  return "";
}

FieldInput showText(const Field&, const db::Value& v) { return db::asString(v); }
FieldInput showInteger(const Field&, const db::Value& v) { return db::asInt(v); }
FieldInput showDecimal(const Field&, const db::Value& v) { return db::asDouble(v); }
FieldInput showMoney(const Field&, const db::Value& v) { return formatMoney(db::asInt(v)); }
FieldInput showDateTime(const Field&, const db::Value& v) { return formatDateTime(db::asInt(v)); }
FieldInput showBoolean(const Field&, const db::Value& v) { return db::asInt(v) != 0; }

struct Codec {
  FieldType type;
  Store store;
  Show show;
};
constexpr std::array<Codec, 10> kCodecs{{
    {FieldType::kString, storeString, showText},
    {FieldType::kPhone, storePhone, showText},
    {FieldType::kInteger, storeInteger, showInteger},
    {FieldType::kDecimal, storeDecimal, showDecimal},
    {FieldType::kMoney, storeMoney, showMoney},
    {FieldType::kDate, storeDate, showText},
    {FieldType::kDateTime, storeDateTime, showDateTime},
    {FieldType::kBoolean, storeBoolean, showBoolean},
    {FieldType::kEnum, storeEnum, showText},
    {FieldType::kReference, storeReference, showInteger},
}};

const Codec& codecFor(FieldType type) {
  for (const auto& c : kCodecs)
    if (c.type == type) return c;
  return kCodecs.front();
}

}  // namespace

std::string toStored(const Field& field, const FieldInput& input, const PhoneNormaliser& phones,
                     db::Value& out) {
  if (std::holds_alternative<std::monostate>(input)) {
    out = db::Value{};
    return "";
  }
  return codecFor(field.type).store(field, input, phones, out);
}

FieldInput toShown(const Field& field, const db::Value& stored) {
  if (db::isNull(stored)) return std::monostate{};
  return codecFor(field.type).show(field, stored);
}

std::string shownText(const FieldInput& shown) {
  struct {
    std::string operator()(std::monostate) const { return ""; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const {
      char out[32];
      std::snprintf(out, sizeof out, "%.15g", d);
      return out;
    }
    std::string operator()(const std::string& s) const { return s; }
  } visitor;
  return std::visit(visitor, shown);
}

std::optional<std::int64_t> parseMoney(const std::string& text) {
  std::size_t pos = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) ++pos;
  std::int64_t whole = 0, fraction = 0;
  int wholeDigits = 0, fractionDigits = 0;
  for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, ++wholeDigits) {
    if (whole > kMoneyLimit / 10) return std::nullopt;
    whole = whole * 10 + (text[pos] - '0');
  }
  if (pos < text.size() && text[pos] == '.') {
    for (++pos; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos) {
      if (++fractionDigits > 4) return std::nullopt;
      fraction = fraction * 10 + (text[pos] - '0');
    }
  }
  if (pos != text.size() || wholeDigits + fractionDigits == 0 || whole >= kMoneyLimit)
    return std::nullopt;
  for (int i = fractionDigits; i < 4; ++i) fraction *= 10;
  const std::int64_t v = whole * kMoneyScale + fraction;
  return negative ? -v : v;
}

std::string formatMoney(std::int64_t tenThousandths) {
  const bool negative = tenThousandths < 0;
  const std::uint64_t v = negative ? 0 - static_cast<std::uint64_t>(tenThousandths)
                                   : static_cast<std::uint64_t>(tenThousandths);
  char out[40];
  std::snprintf(out, sizeof out, "%s%llu.%04llu", negative ? "-" : "",
                static_cast<unsigned long long>(v / kMoneyScale),
                static_cast<unsigned long long>(v % kMoneyScale));
  std::string s = out;
  // Two places always ("12.50"), up to four when they are used ("0.0125").
  while (s.size() > 3 && s.back() == '0' && s[s.size() - 3] != '.') s.pop_back();
  return s;
}

}  // namespace pigeon::entity
