#pragma once
// /api/v1/selections: saved criteria over an entity type (docs/SELECTIONS.md), their count and
// their rows. Reading and counting need view_bulk; saving, changing and deleting need
// send_bulk, the right of whoever prepares bulk sends. Members show phone numbers masked
// without view_personal_data.

#include "api/router.h"
#include "selections/selection_service.h"

namespace pigeon::host {

class SelectionsApi {
public:
  SelectionsApi(SelectionService& selections, const EntityService& entities)
      : selections_(selections), entities_(entities) {}
  void registerRoutes(Router& router);

private:
  ApiResponse list(ApiRequest& request);
  ApiResponse create(ApiRequest& request);
  ApiResponse get(ApiRequest& request);
  ApiResponse update(ApiRequest& request);
  ApiResponse remove(ApiRequest& request);
  ApiResponse count(ApiRequest& request);
  ApiResponse countDraft(ApiRequest& request);
  ApiResponse members(ApiRequest& request);

  SelectionService& selections_;
  const EntityService& entities_;
};

}  // namespace pigeon::host
