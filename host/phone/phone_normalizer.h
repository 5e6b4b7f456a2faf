#pragma once
// PhoneNormalizer: turns user-typed phone numbers into E.164 ("+79123456789") using
// libphonenumber, with a default region for numbers written in national form.
//
// Every rejection carries a reason naming the number and what is wrong with it, because the
// reason goes back to whoever submitted the message.

#include <atomic>
#include <memory>
#include <string>
#include <string_view>

#include "phone/e164_shortcut.h"

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

  // Thread-safe: libphonenumber's utility is safe to share and the region is swapped whole.
  NormalizedNumber normalize(std::string_view input) const;

  std::string defaultRegion() const;
  // The country calling code of a region ("RU" -> 7, "ir" -> 98); 0 for an unknown region.
  int callingCode(std::string_view region) const;
  // The main region of an E.164 number's calling code ("+79..." -> "RU", "+1..." -> "US"),
  // from its first digits alone (no parse); empty when no calling code matches.
  std::string mainRegionOf(std::string_view e164) const;
  // Changes the region from the next call on (the admin's Settings page). Throws like the
  // constructor for an unknown region.
  void setDefaultRegion(std::string region);

private:
  E164Shortcut shortcut_;
  std::atomic<std::shared_ptr<const std::string>> defaultRegion_;
};

}  // namespace pigeon::phone
