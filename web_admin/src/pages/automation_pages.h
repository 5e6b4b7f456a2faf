#pragma once
// "/automations": the rules "when a row of type T is created or changed and the criteria hold,
// send template X to field F", with a form to add one, and buttons to turn one off or on and
// to delete it. Through AutomationRules, as /api/v1/automations: manage_rules to see and
// change them, and send_bulk to save one (whoever saves it becomes its author, whose messages
// they are).

#include "page_renderer.h"
#include "site_routes.h"
#include "site_services.h"

namespace pigeon::web {

class AutomationPages {
public:
  AutomationPages(SiteServices& services, const PageRenderer& renderer)
      : services_(services), renderer_(renderer) {}
  void addRoutes(SiteRoutes& routes);

private:
  WebResponse show(WebRequest& request, const std::string& error = {}, int status = 200);
  WebResponse create(WebRequest& request);
  WebResponse toggle(WebRequest& request);
  WebResponse remove(WebRequest& request);

  SiteServices& services_;
  const PageRenderer& renderer_;
};

}  // namespace pigeon::web
