#pragma once
// Sign in and sign out. The sign-in form carries its own CSRF token (a cookie and a hidden
// field that must match), since there is no session yet to hold one.

#include "page_renderer.h"
#include "site_routes.h"
#include "site_services.h"

namespace pigeon::web {

class LoginPages {
public:
  LoginPages(SiteServices& services, const PageRenderer& renderer)
      : services_(services), renderer_(renderer) {}
  void addRoutes(SiteRoutes& routes);

private:
  WebResponse form(WebRequest& request, int status, const std::string& error,
                   const std::string& name);
  WebResponse show(WebRequest& request);
  WebResponse signIn(WebRequest& request);
  WebResponse signOut(WebRequest& request);

  SiteServices& services_;
  const PageRenderer& renderer_;
};

}  // namespace pigeon::web
