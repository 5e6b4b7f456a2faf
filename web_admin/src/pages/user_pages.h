#pragma once
// "/users": users with their roles and rights; create one; change a user's role, rights,
// status or password; create API keys (the token is shown once) and revoke them.

#include "page_renderer.h"
#include "site_routes.h"
#include "site_services.h"

namespace pigeon::web {

class UserPages {
public:
  UserPages(SiteServices& services, const PageRenderer& renderer)
      : services_(services), renderer_(renderer) {}
  void addRoutes(SiteRoutes& routes);

private:
  WebResponse list(WebRequest& request);
  WebResponse newForm(WebRequest& request);
  WebResponse create(WebRequest& request);
  WebResponse show(WebRequest& request);
  WebResponse update(WebRequest& request);
  WebResponse setPassword(WebRequest& request);
  WebResponse createKey(WebRequest& request);
  WebResponse revokeKey(WebRequest& request);

  host::UserForm readForm(const WebRequest& request) const;
  // The access part of a form: role choices and one checkbox per right.
  void addAccess(Data& data, const std::string& role, const std::vector<std::string>& rights) const;
  WebResponse userPage(WebRequest& request, std::int64_t id, Data data, int status);
  std::int64_t userId(const WebRequest& request) const;

  SiteServices& services_;
  const PageRenderer& renderer_;
};

}  // namespace pigeon::web
