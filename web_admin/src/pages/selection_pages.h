#pragma once
// "/selections": the saved selections with their criteria and, on request, how many rows each
// selects now; a form to count criteria before saving them, and to save them (through
// SelectionService, checked exactly as /api/v1/selections checks them). Reading and counting
// need view_bulk; saving and deleting send_bulk.

#include "page_renderer.h"
#include "site_routes.h"
#include "site_services.h"

namespace pigeon::web {

class SelectionPages {
public:
  SelectionPages(SiteServices& services, const PageRenderer& renderer)
      : services_(services), renderer_(renderer) {}
  void addRoutes(SiteRoutes& routes);

private:
  WebResponse show(WebRequest& request, Data form, Data counted, const std::string& error,
                   int status);
  WebResponse submit(WebRequest& request, bool save);
  WebResponse remove(WebRequest& request);

  SiteServices& services_;
  const PageRenderer& renderer_;
};

}  // namespace pigeon::web
