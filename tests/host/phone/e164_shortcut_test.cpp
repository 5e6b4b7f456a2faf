#include "phone/e164_shortcut.h"

#include <random>
#include <set>
#include <string>
#include <vector>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>
#include <catch2/catch.hpp>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;
using pigeon::phone::E164Shortcut;

namespace {

const PhoneNumberUtil& util() { return *PhoneNumberUtil::GetInstance(); }

// The long way: what PhoneNormalizer did for every number before the shortcut.
std::string parsedE164(const std::string& input) {
  PhoneNumber number;
  if (util().Parse(input, "RU", &number) != PhoneNumberUtil::NO_PARSING_ERROR) return "";
  if (!util().IsValidNumber(number)) return "";
  std::string e164;
  util().Format(number, PhoneNumberUtil::E164, &e164);
  return e164;
}

std::vector<std::string> exampleNumbers() {
  std::vector<std::string> numbers;
  std::set<std::string> regions;
  util().GetSupportedRegions(&regions);
  for (const auto& region : regions) {
    for (int type = PhoneNumberUtil::FIXED_LINE; type <= PhoneNumberUtil::VOICEMAIL; ++type) {
      PhoneNumber number;
      if (!util().GetExampleNumberForType(
              region, static_cast<PhoneNumberUtil::PhoneNumberType>(type), &number))
        continue;
      std::string e164;
      util().Format(number, PhoneNumberUtil::E164, &e164);
      numbers.push_back(e164);
    }
  }
  return numbers;
}

}  // namespace

TEST_CASE("the E.164 shortcut agrees with libphonenumber's parse on every region", "[phone]") {
  const E164Shortcut shortcut;
  std::mt19937 random(20261124);
  std::size_t accepted = 0;
  std::size_t checked = 0;
  for (const auto& example : exampleNumbers()) {
    // The example, then variations: digits changed, one dropped or added.
    for (int variation = 0; variation < 40; ++variation) {
      auto input = example;
      if (variation > 0) {
        const auto changes = 1 + random() % 4;
        for (std::size_t k = 0; k < changes; ++k)
          input[input.size() - 1 - random() % (input.size() - 2)] =
              static_cast<char>('0' + random() % 10);
        if (variation % 5 == 1) input.pop_back();
        if (variation % 5 == 2) input.push_back(static_cast<char>('0' + random() % 10));
      }
      ++checked;
      if (!shortcut.accepts(input)) continue;
      ++accepted;
      INFO(input);
      CHECK(parsedE164(input) == input);
    }
  }
  // The shortcut must be taken for most numbers, or it saves nothing.
  CHECK(checked > 40000);
  CHECK(accepted > checked / 4);
}

TEST_CASE("the E.164 shortcut declines what Parse could rewrite", "[phone]") {
  const E164Shortcut shortcut;
  CHECK(shortcut.accepts("+79123456789"));
  CHECK(shortcut.accepts("+989123456789"));
  CHECK(shortcut.accepts("+12015550123"));
  // Mexico's prefix rule is a pattern (a mobile "1" after 52 is stripped): the long way.
  CHECK_FALSE(shortcut.accepts("+5215512345678"));
  CHECK(parsedE164("+5219511234527") == "+529511234527");
  // A national prefix after the country code ("+7 8 912…") and leading zeros: the long way.
  CHECK_FALSE(shortcut.accepts("+789123456789"));
  CHECK_FALSE(shortcut.accepts("+390612345678"));
  // Not E.164 at all.
  for (const char* input : {"", "+", "+7", "79123456789", "+7 912 345 67 89", "+7912345678x",
                            "+7912345678901234", "+0123"})
    CHECK_FALSE(shortcut.accepts(input));
  // Unknown calling codes, and a leading 0 that would otherwise read as +7.
  CHECK_FALSE(shortcut.accepts("+999123456"));
  CHECK_FALSE(shortcut.accepts("+079123456789"));
  CHECK(parsedE164("+079123456789").empty());
}
