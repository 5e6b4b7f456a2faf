#pragma once
// /api/v1/routes: read and replace the MT routing table; /api/v1/routes/explain: which route
// and instances a message would take, why, its parts and its cost, without sending it.

#include "api/messages_api.h"
#include "api/router.h"
#include "providers/provider_set.h"
#include "routing/route_service.h"

namespace pigeon::host {

class RoutesApi {
public:
  RoutesApi(RouteService& routes, ProviderSet& providers, const MessagesApi& messages)
      : routes_(routes), providers_(providers), messages_(messages) {}
  void registerRoutes(Router& router);
  // Which route and instances the message would take, why, its parts and its cost: the answer
  // of /api/v1/routes/explain, and of a template's preview.
  Poco::JSON::Object explainMessage(const db::NewMessage& m) const;

private:
  ApiResponse list(ApiRequest& request);
  ApiResponse replace(ApiRequest& request);
  ApiResponse explain(ApiRequest& request);

  RouteService& routes_;
  ProviderSet& providers_;
  const MessagesApi& messages_;
};

}  // namespace pigeon::host
