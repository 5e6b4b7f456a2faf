#pragma once
// "/routes": the MT routing table with the state of each instance it names, and a form that
// explains where a message would go; "/inbound": the latest inbound SMS. Both read only: the
// table is changed through PUT /api/v1/routes (audited).

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
  WebResponse inbound(WebRequest& request);
  Data explain(WebRequest& request) const;
  Data instanceState(const std::string& name) const;

  SiteServices& services_;
  const PageRenderer& renderer_;
};

}  // namespace pigeon::web
