#pragma once
// "/keywords": the inbound keyword rules in the order they are tried, with their state; forms
// to add a rule, turn one on or off and delete it (through KeywordRules, checked exactly as
// /api/v1/keyword-rules checks them); and the dry run: what a text would do, done by nothing.

#include "page_renderer.h"
#include "site_routes.h"
#include "site_services.h"

namespace pigeon::web {

class KeywordPages {
public:
  KeywordPages(SiteServices& services, const PageRenderer& renderer)
      : services_(services), renderer_(renderer) {}
  void addRoutes(SiteRoutes& routes);

private:
  WebResponse show(WebRequest& request, Data form, const std::string& error, int status);
  WebResponse add(WebRequest& request);
  WebResponse change(WebRequest& request);
  Data dryRun(const WebRequest& request) const;

  SiteServices& services_;
  const PageRenderer& renderer_;
};

}  // namespace pigeon::web
