#pragma once
// /api/v1/entities/<type>/import: CSV files of entity rows, imported in the background, and
// their progress (rows read, created, changed, failed with line and column).

#include "api/router.h"
#include "entities/entity_import.h"

namespace pigeon::host {

class EntityImportApi {
public:
  static constexpr std::size_t kMaxFileBytes = 256u << 20;

  EntityImportApi(EntityService& service, EntityImports& imports)
      : service_(service), imports_(imports) {}
  // Before EntitiesApi's routes: /<type>/import would otherwise read as the row "import".
  void registerRoutes(Router& router);

private:
  ApiResponse start(ApiRequest& request);
  ApiResponse list(ApiRequest& request);
  ApiResponse get(ApiRequest& request);

  EntityService& service_;
  EntityImports& imports_;
};

}  // namespace pigeon::host
