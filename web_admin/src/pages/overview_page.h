#pragma once
// "/": what the host is doing now — queue depth, messages since start, provider states — and
// who the signed-in user is with which rights.

#include <chrono>
#include <mutex>

#include "page_renderer.h"
#include "site_routes.h"
#include "site_services.h"

namespace pigeon::web {

class OverviewPage {
public:
  OverviewPage(SiteServices& services, const PageRenderer& renderer)
      : services_(services), renderer_(renderer) {}
  void addRoutes(SiteRoutes& routes);

private:
  WebResponse show(WebRequest& request);
  std::map<std::string, std::int64_t> queueDepth();

  SiteServices& services_;
  const PageRenderer& renderer_;
  // Counting costs an index range read: reused for a few seconds, like /metrics does.
  std::mutex mutex_;
  std::chrono::steady_clock::time_point countedAt_{};
  std::map<std::string, std::int64_t> depth_;
};

}  // namespace pigeon::web
