#pragma once
// "/templates": the message templates with their text; a form to write one with a preview on
// a row of its type (the rendered text, its encoding, parts and cost, updated while typing),
// and to save it (through TemplateService, checked exactly as /api/v1/templates checks it).
// Reading and previewing need view_single; saving and deleting manage_templates.

#include "page_renderer.h"
#include "site_routes.h"
#include "site_services.h"

namespace pigeon::web {

class TemplatePages {
public:
  TemplatePages(SiteServices& services, const PageRenderer& renderer)
      : services_(services), renderer_(renderer) {}
  void addRoutes(SiteRoutes& routes);

private:
  WebResponse show(WebRequest& request, Data form, const std::string& previewHtml,
                   const std::string& error, int status);
  WebResponse submit(WebRequest& request);
  WebResponse preview(WebRequest& request);
  WebResponse remove(WebRequest& request);
  std::string previewHtml(const WebRequest& request);

  SiteServices& services_;
  const PageRenderer& renderer_;
};

}  // namespace pigeon::web
