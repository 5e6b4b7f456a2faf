#pragma once
// /api/v1/inbound and /api/v1/inbox: the SMS customers sent in, newest first, with what the
// keyword engine made of them.

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
  // GET /api/v1/inbound (everyone's, view_bulk) and GET /api/v1/inbox (the caller's own, or
  // everyone's for view_bulk).
  ApiResponse list(ApiRequest& request, bool inbox);

  db::ConnectionPool& pool_;
  const phone::PhoneNormalizer& phones_;
  db::InboundRepository repository_;
};

}  // namespace pigeon::host
