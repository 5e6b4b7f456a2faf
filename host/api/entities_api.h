#pragma once
// /api/v1/entities: the entity types plugins declare, and their rows. Reading needs
// view_single (phone fields masked without view_personal_data); changing needs
// manage_entities, the right a CRM's synchronisation key holds.

#include "api/router.h"
#include "entities/entity_service.h"

namespace pigeon::host {

class EntitiesApi {
public:
  explicit EntitiesApi(EntityService& service) : service_(service) {}
  void registerRoutes(Router& router);

private:
  ApiResponse types(ApiRequest& request);
  ApiResponse list(ApiRequest& request);
  ApiResponse get(ApiRequest& request);
  ApiResponse create(ApiRequest& request);
  ApiResponse update(ApiRequest& request);
  ApiResponse upsert(ApiRequest& request);
  ApiResponse remove(ApiRequest& request);

  EntityService& service_;
};

}  // namespace pigeon::host
