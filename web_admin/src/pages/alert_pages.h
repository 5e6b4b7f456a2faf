#pragma once
// "/alerts": the staff alerts, newest first, with Acknowledge and Resolve buttons; the staff
// groups they go to and the alert rules that raise them, each with a form to add one and a
// Delete button. Through AlertService, as /api/v1/alerts, /api/v1/staff-groups and
// /api/v1/alert-rules: view_bulk to see and act on alerts, manage_rules for groups and rules.

#include "page_renderer.h"
#include "site_routes.h"
#include "site_services.h"

namespace pigeon::web {

class AlertPages {
public:
  AlertPages(SiteServices& services, const PageRenderer& renderer)
      : services_(services), renderer_(renderer) {}
  void addRoutes(SiteRoutes& routes);

private:
  WebResponse show(WebRequest& request, const std::string& groupError = {},
                   const std::string& ruleError = {}, int status = 200);
  WebResponse act(WebRequest& request, const std::string& action);
  WebResponse addGroup(WebRequest& request);
  WebResponse removeGroup(WebRequest& request);
  WebResponse addRule(WebRequest& request);
  WebResponse removeRule(WebRequest& request);

  SiteServices& services_;
  const PageRenderer& renderer_;
};

}  // namespace pigeon::web
