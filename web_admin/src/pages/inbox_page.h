#pragma once
// "/inbox": the SMS customers sent to the caller, newest first and paged: replies to the
// numbers they own, or to a customer they wrote to last (GET /api/v1/inbox); a caller with
// view_bulk sees every inbound SMS, as in the API. Each links to the sender's CRM row and to
// a reply. Numbers are masked and texts hidden without view_personal_data.

#include "page_renderer.h"
#include "site_routes.h"
#include "site_services.h"

namespace pigeon::web {

class InboxPage {
public:
  InboxPage(SiteServices& services, const PageRenderer& renderer)
      : services_(services), renderer_(renderer) {}
  void addRoutes(SiteRoutes& routes);

private:
  WebResponse show(WebRequest& request);

  SiteServices& services_;
  const PageRenderer& renderer_;
};

}  // namespace pigeon::web
