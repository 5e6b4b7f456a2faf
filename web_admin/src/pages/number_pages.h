#pragma once
// "/numbers": the sender numbers (and alphanumeric sender ids), the provider instance each
// belongs to, the user whose inbox replies to it land in, and the users who may send from it
// with their default. Everyone with view_single sees the numbers they may use (all of them
// with manage_providers); adding, changing and removing needs manage_providers and goes
// through the NumberDirectory the API and the send path use.

#include "page_renderer.h"
#include "site_routes.h"
#include "site_services.h"

namespace pigeon::web {

class NumberPages {
public:
  NumberPages(SiteServices& services, const PageRenderer& renderer)
      : services_(services), renderer_(renderer) {}
  void addRoutes(SiteRoutes& routes);

private:
  WebResponse show(WebRequest& request, const std::string& error = {}, int status = 200);
  WebResponse edit(WebRequest& request, const std::string& error = {}, int status = 200);
  WebResponse create(WebRequest& request);
  WebResponse update(WebRequest& request);
  WebResponse remove(WebRequest& request);

  // The add/change form filled from `number` (as stored, or as posted beside its error).
  std::string formHtml(const WebRequest& request, const db::SenderNumber& number,
                       const std::string& action, const std::string& error) const;
  db::SenderNumber existing(const WebRequest& request) const;  // ApiError 404

  SiteServices& services_;
  const PageRenderer& renderer_;
};

}  // namespace pigeon::web
