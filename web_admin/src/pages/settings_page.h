#pragma once
// "/settings": default region, retry policy and quiet hours, as a form generated from the
// host's settings schema; saved values apply at once.

#include "page_renderer.h"
#include "site_routes.h"
#include "site_services.h"

namespace pigeon::web {

class SettingsPage {
public:
  SettingsPage(SiteServices& services, const PageRenderer& renderer)
      : services_(services), renderer_(renderer) {}
  void addRoutes(SiteRoutes& routes);

private:
  WebResponse show(WebRequest& request, std::map<std::string, std::string> values,
                   const std::string& errorField, const std::string& error, int status);
  WebResponse save(WebRequest& request);

  SiteServices& services_;
  const PageRenderer& renderer_;
};

}  // namespace pigeon::web
