#pragma once
// The web admin served by pigeond at "/": every page handler, and the one request handler
// that reads the request, resumes the session, checks CSRF and rights, runs the page and adds
// the security headers. Pages are server-rendered; small scripts only enhance them.

#include <memory>

#include "api/site_exchange.h"
#include "page_renderer.h"
#include "site_routes.h"
#include "site_services.h"

namespace pigeon::web {

class AdminSite {
public:
  explicit AdminSite(SiteServices services);
  ~AdminSite();

  // One request outside the API, from HttpServer (on a worker thread).
  host::SiteHttpResponse serve(host::SiteHttpRequest& request);
  // How large a body the site reads for this request head: a route's maxBody when the caller's
  // session has the route's right, else 0 (the server's form limit).
  std::size_t bodyLimit(const host::SiteHttpRequest& head);

  // Runs a parsed request through login, CSRF and rights checks and the page. Public for the
  // handler; tests drive the site over HTTP.
  WebResponse handle(WebRequest& request);

private:
  WebResponse guarded(WebRequest& request);
  // The route for the request's method and path, its {…} parts put in request.params.
  const SiteRoute* match(WebRequest& request) const;

  SiteServices services_;
  PageRenderer renderer_;
  SiteRoutes routes_;
  struct Pages;
  std::unique_ptr<Pages> pages_;
};

}  // namespace pigeon::web
