#pragma once
// /api/v1/opt-outs: the numbers that take no messages, each with its consent ledger (who,
// when, how). Reading needs view_personal_data; recording an opt-out send_single (it only
// ever stops messages); opting a number back in manage_rules.

#include "api/router.h"
#include "db/connection_pool.h"
#include "keywords/consent_registry.h"
#include "phone/phone_normalizer.h"

namespace pigeon::host {

class OptOutsApi {
public:
  OptOutsApi(ConsentRegistry& consent, db::ConnectionPool& pool,
             const phone::PhoneNormalizer& phones)
      : consent_(consent), pool_(pool), phones_(phones) {}
  void registerRoutes(Router& router);

private:
  ApiResponse list(ApiRequest& request);
  ApiResponse get(ApiRequest& request);
  ApiResponse optOut(ApiRequest& request);
  ApiResponse optIn(ApiRequest& request);
  std::string number(const std::string& text, const std::string& field) const;

  ConsentRegistry& consent_;
  db::ConnectionPool& pool_;
  const phone::PhoneNormalizer& phones_;
};

}  // namespace pigeon::host
