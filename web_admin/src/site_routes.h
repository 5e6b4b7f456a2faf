#pragma once
// The admin site's route table: method + path pattern -> page, with who may see it. The site
// checks login, CSRF and the right before any page runs.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "web_request.h"

namespace pigeon::web {

struct SiteRoute {
  enum class Access { kPublic, kSignedIn };
  std::string method;
  std::string pattern;
  Access access = Access::kSignedIn;
  std::string right;  // empty: any signed-in user
  std::function<WebResponse(WebRequest&)> page;
  // The body a signed-in caller with the right may send (a file upload); 0: a form's 1 MiB.
  std::size_t maxBody = 0;
};

using SiteRoutes = std::vector<SiteRoute>;

}  // namespace pigeon::web
