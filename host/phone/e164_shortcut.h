#pragma once
// E164Shortcut: validates a number already written as "+<country code><number>" (digits only,
// the form the API asks for and every stored number has) without libphonenumber's Parse.
//
// Parse costs about 7 µs a number, mostly ICU regular expressions that extract the digits and
// strip a national prefix; validity itself (IsValidNumber) about 3 µs. For E.164 input Parse can
// only change the number by stripping a national prefix, so the shortcut declines every number
// that could have one: national numbers starting with 0 or with the first digit of a plain
// national prefix ("8" in Russia), and whole country codes whose prefix rule is a pattern
// (Mexico strips a mobile "1", Argentina a "15"). What it declines goes the full way, so its
// answers are the same as Parse + IsValidNumber + Format (checked over every region's
// example numbers and their variations in the tests).

#include <array>
#include <string>
#include <string_view>

namespace pigeon::phone {

class E164Shortcut {
public:
  E164Shortcut();  // reads libphonenumber's compiled-in metadata once

  // True when `input` is E.164 and valid: it is then its own normalized form. False means
  // "not decided here", never "invalid".
  bool accepts(std::string_view input) const;

private:
  struct CallingCode {
    bool known = false;
    bool prefixPattern = false;  // a national prefix rule that is a pattern: never shortcut
    std::string prefixDigits;    // first digits of plain national prefixes
  };
  std::array<CallingCode, 1000> codes_{};
};

}  // namespace pigeon::phone
