#include "phone/phone_normalizer.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <set>
#include <stdexcept>
#include <utility>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

namespace pigeon::phone {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

template <typename Key>
struct ReasonRow {
  Key key;
  const char* reason;
};

constexpr ReasonRow<PhoneNumberUtil::ErrorType> kParseErrorReasons[] = {
    {PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR, "invalid country code"},
    {PhoneNumberUtil::NOT_A_NUMBER, "not a number"},
    {PhoneNumberUtil::TOO_SHORT_AFTER_IDD, "too short"},
    {PhoneNumberUtil::TOO_SHORT_NSN, "too short"},
    {PhoneNumberUtil::TOO_LONG_NSN, "too long"},
};

// Only consulted once IsValidNumber said no. IS_POSSIBLE is absent on purpose: a plausible
// length with invalid digits is reported as "not valid for its region" instead.
constexpr ReasonRow<PhoneNumberUtil::ValidationResult> kValidationReasons[] = {
    {PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY, "too short: local number without area code"},
    {PhoneNumberUtil::INVALID_COUNTRY_CODE, "invalid country code"},
    {PhoneNumberUtil::TOO_SHORT, "too short"},
    {PhoneNumberUtil::INVALID_LENGTH, "invalid length"},
    {PhoneNumberUtil::TOO_LONG, "too long"},
};

template <typename Key, std::size_t N>
const char* findReason(const ReasonRow<Key> (&table)[N], Key key) {
  for (const auto& row : table) {
    if (row.key == key) return row.reason;
  }
  return nullptr;
}

const PhoneNumberUtil& util() { return *PhoneNumberUtil::GetInstance(); }

// Asked once: the metadata is compiled into the library and never changes at run time.
const std::set<std::string>& supportedRegions() {
  static const std::set<std::string> regions = [] {
    std::set<std::string> all;
    util().GetSupportedRegions(&all);
    return all;
  }();
  return regions;
}

std::string toUpper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

bool isBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isspace(c) != 0; });
}

NormalizedNumber rejected(std::string_view input, std::string_view why) {
  std::string reason = "'";
  reason.append(input).append("' is not a valid phone number: ").append(why);
  return {false, {}, std::move(reason)};
}

}  // namespace

PhoneNormalizer::PhoneNormalizer(std::string defaultRegion) {
  setDefaultRegion(std::move(defaultRegion));
}

void PhoneNormalizer::setDefaultRegion(std::string region) {
  region = toUpper(std::move(region));
  if (supportedRegions().count(region) == 0)
    throw std::invalid_argument("unknown phone region '" + region + "'");
  defaultRegion_.store(std::make_shared<const std::string>(std::move(region)));
}

NormalizedNumber PhoneNormalizer::normalize(std::string_view input) const {
  if (isBlank(input)) return rejected(input, "empty");
  if (shortcut_.accepts(input)) return {true, std::string(input), {}};

  PhoneNumber number;
  const auto error = util().Parse(std::string(input), *defaultRegion_.load(), &number);
  if (error != PhoneNumberUtil::NO_PARSING_ERROR) {
    const char* why = findReason(kParseErrorReasons, error);
    return rejected(input, why != nullptr ? why : "not a number");
  }

  // Parse accepts numbers that are far too short, so validity is a separate question.
  if (util().IsValidNumber(number)) {
    std::string e164;
    util().Format(number, PhoneNumberUtil::E164, &e164);
    return {true, std::move(e164), {}};
  }

  const char* why = findReason(kValidationReasons, util().IsPossibleNumberWithReason(number));
  if (why != nullptr) return rejected(input, why);

  std::string region;
  util().GetRegionCodeForCountryCode(number.country_code(), &region);
  return rejected(input, "not a valid number for region " + region);
}

std::string PhoneNormalizer::defaultRegion() const { return *defaultRegion_.load(); }

int PhoneNormalizer::callingCode(std::string_view region) const {
  std::string upper(region);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  return PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(upper);
}

std::string PhoneNormalizer::mainRegionOf(std::string_view e164) const {
  if (e164.starts_with('+')) e164.remove_prefix(1);
  int code = 0;
  for (std::size_t i = 0; i < 3 && i < e164.size(); ++i) {  // calling codes have 1 to 3 digits
    if (e164[i] < '0' || e164[i] > '9') break;
    code = code * 10 + (e164[i] - '0');
    std::string region;
    PhoneNumberUtil::GetInstance()->GetRegionCodeForCountryCode(code, &region);
    if (region != "ZZ") return region;
  }
  return "";
}

}  // namespace pigeon::phone
