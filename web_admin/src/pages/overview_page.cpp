#include "pages/overview_page.h"

#include "repositories/message_repository.h"
#include "repositories/message_status.h"

namespace pigeon::web {

namespace {

constexpr auto kDepthFresh = std::chrono::seconds(5);
constexpr const char* kWaiting[] = {"queued", "sending", "submitted"};
constexpr db::MessageStatus kCounted[] = {db::MessageStatus::kDelivered, db::MessageStatus::kFailed,
                                          db::MessageStatus::kExpired};

}  // namespace

void OverviewPage::addRoutes(SiteRoutes& routes) {
  routes.push_back(
      {"GET", "/", SiteRoute::Access::kSignedIn, "", [this](auto& r) { return show(r); }});
}

std::map<std::string, std::int64_t> OverviewPage::queueDepth() {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (now - countedAt_ < kDepthFresh) return depth_;
  auto c = services_.pool.acquire();
  auto depth = db::MessageRepository().countUnsettled(*c);
  depth_ = depth;
  countedAt_ = now;
  return depth;
}

WebResponse OverviewPage::show(WebRequest& request) {
  const auto& caller = request.caller();
  Data data;
  data.set("user", caller.name);
  Data rights = list();
  for (const auto& r : caller.rights) rights.push_back(Data(r));
  data.set("rights", rights);

  if (caller.can("view_bulk")) {
    data.set("showQueue", true);
    const auto depth = queueDepth();
    Data waiting = list();
    for (const auto* status : kWaiting) {
      Data d;
      d.set("status", status);
      auto it = depth.find(status);
      d.set("count", text(it == depth.end() ? 0 : it->second));
      waiting.push_back(d);
    }
    data.set("waiting", waiting);
    Data done = list();
    for (auto status : kCounted) {
      Data d;
      d.set("status", db::statusName(status));
      d.set("count", text(static_cast<long long>(services_.metrics.statusCount(status))));
      done.push_back(d);
    }
    data.set("done", done);
  }
  if (caller.can("manage_providers")) {
    data.set("showProviders", true);
    const auto defaultName = services_.providers.defaultName();
    Data providers = list();
    for (const auto& p : services_.providers.all()) {
      Data d;
      d.set("name", p->name());
      d.set("state", p->stateName());
      if (p->name() == defaultName) d.set("default", true);
      providers.push_back(d);
    }
    data.set("providers", providers);
  }
  return renderer_.page(request, "overview", "Overview", data);
}

}  // namespace pigeon::web
