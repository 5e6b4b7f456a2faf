#pragma once
// "/providers": the instances with plugin, state, balance and throughput; add, edit and remove
// an instance through a form generated from its plugin's config schema; make one the default.
// Every change applies at once, without a restart.

#include "form_fields.h"
#include "page_renderer.h"
#include "site_routes.h"
#include "site_services.h"

namespace pigeon::web {

class ProviderPages {
public:
  ProviderPages(SiteServices& services, const PageRenderer& renderer)
      : services_(services), renderer_(renderer) {}
  void addRoutes(SiteRoutes& routes);

private:
  WebResponse list(WebRequest& request);
  WebResponse newForm(WebRequest& request);
  WebResponse add(WebRequest& request);
  WebResponse editForm(WebRequest& request);
  WebResponse update(WebRequest& request);
  WebResponse remove(WebRequest& request);
  WebResponse makeDefault(WebRequest& request);

  // The instance form for `plugin`: create (name editable) or edit (name fixed).
  WebResponse form(WebRequest& request, const std::string& plugin, const std::string& name,
                   bool editing, FormState state, int status);
  sdk::ConfigSchema formSchema(const std::string& plugin) const;

  SiteServices& services_;
  const PageRenderer& renderer_;
};

}  // namespace pigeon::web
