#pragma once
// "/webhooks": the URLs the CRM registered for delivery reports, inbound SMS, opt-outs and
// entity events, and a form to add one (its signing secret shown once); "/webhooks/<id>": the
// webhook changed, pinged or deleted, and its latest deliveries with their tries, a failed one
// sent again. Through the WebhookService the API uses; manage_providers, as in the API.

#include "page_renderer.h"
#include "site_routes.h"
#include "site_services.h"

namespace pigeon::web {

class WebhookPages {
public:
  WebhookPages(SiteServices& services, const PageRenderer& renderer)
      : services_(services), renderer_(renderer) {}
  void addRoutes(SiteRoutes& routes);

private:
  WebResponse list(WebRequest& request, const std::string& error = {}, int status = 200);
  WebResponse show(WebRequest& request, std::int64_t id, const std::string& error = {},
                   const std::string& newSecret = {}, int status = 200);
  WebResponse create(WebRequest& request);
  WebResponse update(WebRequest& request);
  WebResponse remove(WebRequest& request);
  WebResponse ping(WebRequest& request);
  WebResponse retry(WebRequest& request);

  // One checkbox per event a webhook may take, ticked for `chosen`.
  Data eventOptions(const std::vector<std::string>& chosen) const;

  SiteServices& services_;
  const PageRenderer& renderer_;
};

}  // namespace pigeon::web
