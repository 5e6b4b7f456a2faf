#pragma once
// POST /api/v1/codes/verify: the CRM checks a one-time code a customer typed in (one the
// keyword_code plugin sent them). Needs send_single.

#include "api/router.h"
#include "keywords/one_time_codes.h"
#include "phone/phone_normalizer.h"

namespace pigeon::host {

class CodesApi {
public:
  CodesApi(OneTimeCodes& codes, const phone::PhoneNormalizer& phones)
      : codes_(codes), phones_(phones) {}
  void registerRoutes(Router& router);

private:
  ApiResponse verify(ApiRequest& request);

  OneTimeCodes& codes_;
  const phone::PhoneNormalizer& phones_;
};

}  // namespace pigeon::host
