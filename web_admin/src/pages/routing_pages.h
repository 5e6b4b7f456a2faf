#pragma once
// "/routes": the MT routing table with the state of each instance it names, forms to add,
// edit, move and delete routes (each change replaces the whole table through RouteService,
// validated and audited like PUT /api/v1/routes), and a form that explains where a message
// would go; "/inbound": the latest inbound SMS.

#include "page_renderer.h"
#include "site_routes.h"
#include "site_services.h"

namespace pigeon::web {

class RoutingPages {
public:
  RoutingPages(SiteServices& services, const PageRenderer& renderer)
      : services_(services), renderer_(renderer) {}
  void addRoutes(SiteRoutes& routes);

private:
  WebResponse routes(WebRequest& request);
  WebResponse showRoutes(WebRequest& request, Data form, const std::string& error, int status);
  WebResponse saveRoute(WebRequest& request);
  WebResponse changeRoute(WebRequest& request);
  WebResponse inbound(WebRequest& request);
  Data explain(WebRequest& request) const;
  Data instanceState(const std::string& name) const;

  SiteServices& services_;
  const PageRenderer& renderer_;
};

}  // namespace pigeon::web
