#pragma once
// The admin site's route table: method + path pattern -> page, with who may see it. The site
// checks login, CSRF and the right before any page runs.

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
};

using SiteRoutes = std::vector<SiteRoute>;

}  // namespace pigeon::web
