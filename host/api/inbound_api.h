#pragma once
// /api/v1/inbound: the SMS customers sent in, newest first, as providers reported them.

#include "api/router.h"
#include "db/connection_pool.h"
#include "phone/phone_normalizer.h"
#include "repositories/inbound_repository.h"

namespace pigeon::host {

class InboundApi {
public:
  InboundApi(db::ConnectionPool& pool, const phone::PhoneNormalizer& phones)
      : pool_(pool), phones_(phones) {}
  void registerRoutes(Router& router);

private:
  ApiResponse list(ApiRequest& request);

  db::ConnectionPool& pool_;
  const phone::PhoneNormalizer& phones_;
  db::InboundRepository repository_;
};

}  // namespace pigeon::host
