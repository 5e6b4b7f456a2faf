#pragma once
// PhoneNormalizer: turns user-typed phone numbers into E.164 ("+79123456789") using
// libphonenumber, with a default region for numbers written in national form.
//
// Every rejection carries a reason naming the number and what is wrong with it, because the
// reason goes back to whoever submitted the message.

#include <string>
#include <string_view>

namespace pigeon::phone {

struct NormalizedNumber {
  bool ok;
  std::string e164;    // set when ok
  std::string reason;  // set when not ok, e.g. "'+7912' is not a valid phone number: too short"
};

class PhoneNormalizer {
public:
  // Throws std::invalid_argument naming the region when libphonenumber does not know it.
  // Lower case is accepted ("ru" becomes "RU").
  explicit PhoneNormalizer(std::string defaultRegion);

  // Thread-safe: the object is immutable and libphonenumber's utility is safe to share.
  NormalizedNumber normalize(std::string_view input) const;

  const std::string& defaultRegion() const;

private:
  std::string defaultRegion_;
};

}  // namespace pigeon::phone
