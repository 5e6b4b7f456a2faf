#include "phone/e164_shortcut.h"

#include <algorithm>
#include <stdexcept>

#include <phonenumbers/phonemetadata.pb.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

// The metadata libphonenumber is compiled with. Exported by the shared library; its header
// (metadata.h) is not installed.
namespace i18n::phonenumbers {
int metadata_size();
const void* metadata_get();
}  // namespace i18n::phonenumbers

namespace pigeon::phone {

namespace {

using i18n::phonenumbers::PhoneMetadataCollection;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

bool allDigits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

constexpr std::size_t kMaxE164Digits = 15;

}  // namespace

E164Shortcut::E164Shortcut() {
  const auto& util = *PhoneNumberUtil::GetInstance();
  // Parse strips a national prefix by the rule of the calling code's main region ("US" for
  // +1, "RU" for +7, "001" for the non-geographic codes), whatever the default region.
  std::array<std::string, 1000> mainRegion;
  for (int code = 1; code < static_cast<int>(codes_.size()); ++code) {
    util.GetRegionCodeForCountryCode(code, &mainRegion[code]);
    codes_[code].known = mainRegion[code] != "ZZ";
  }

  PhoneMetadataCollection metadata;
  if (!metadata.ParseFromArray(i18n::phonenumbers::metadata_get(),
                               i18n::phonenumbers::metadata_size()))
    throw std::runtime_error("libphonenumber's metadata cannot be read");
  for (const auto& region : metadata.metadata()) {
    const auto code = region.country_code();
    if (code <= 0 || code >= static_cast<int>(codes_.size()) || region.id() != mainRegion[code])
      continue;
    const auto& prefix = region.national_prefix_for_parsing();
    if (prefix.empty()) continue;  // Parse strips nothing for this code
    auto& entry = codes_[code];
    if (!allDigits(prefix))
      entry.prefixPattern = true;
    else if (entry.prefixDigits.find(prefix[0]) == std::string::npos)
      entry.prefixDigits += prefix[0];
  }
}

bool E164Shortcut::accepts(std::string_view input) const {
  if (input.size() < 3 || input.size() > kMaxE164Digits + 1 || input[0] != '+') return false;
  const auto digits = input.substr(1);
  // No calling code starts with 0: "+07…" must not be read as +7.
  if (!allDigits(digits) || digits[0] == '0') return false;

  // Calling codes are prefix-free: the first known one is the one.
  int code = 0;
  std::size_t length = 0;
  while (length < 3 && length < digits.size()) {
    code = code * 10 + (digits[length++] - '0');
    if (codes_[code].known) break;
  }
  const auto& entry = codes_[code];
  if (!entry.known || entry.prefixPattern) return false;
  const auto national = digits.substr(length);
  if (national.empty() || national[0] == '0' ||
      entry.prefixDigits.find(national[0]) != std::string::npos)
    return false;

  std::uint64_t value = 0;
  for (char c : national) value = value * 10 + static_cast<std::uint64_t>(c - '0');
  PhoneNumber number;
  number.set_country_code(code);
  number.set_national_number(value);
  return PhoneNumberUtil::GetInstance()->IsValidNumber(number);
}

}  // namespace pigeon::phone
