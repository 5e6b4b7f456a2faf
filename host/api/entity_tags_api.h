#pragma once
// /api/v1/entities/<type>/<id>/tags: the labels on a row ("vip", "debtor") that selections ask
// for. Reading needs view_single; adding and removing need manage_entities.

#include "api/router.h"
#include "db/connection_pool.h"
#include "entities/entity_service.h"

namespace pigeon::host {

class EntityTagsApi {
public:
  EntityTagsApi(db::ConnectionPool& pool, EntityService& entities)
      : pool_(pool), entities_(entities) {}
  void registerRoutes(Router& router);

private:
  ApiResponse list(ApiRequest& request);
  ApiResponse add(ApiRequest& request);
  ApiResponse remove(ApiRequest& request);

  db::ConnectionPool& pool_;
  EntityService& entities_;
};

}  // namespace pigeon::host
