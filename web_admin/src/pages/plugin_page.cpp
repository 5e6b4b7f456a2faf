#include "pages/plugin_page.h"

#include <filesystem>

namespace pigeon::web {

void PluginPage::addRoutes(SiteRoutes& routes) {
  routes.push_back({"GET", "/plugins", SiteRoute::Access::kSignedIn, "manage_providers",
                    [this](auto& r) { return show(r); }});
}

WebResponse PluginPage::show(WebRequest& request) {
  Data rows = list();
  for (const auto& p : services_.plugins.list()) {
    Data d;
    d.set("file", std::filesystem::path(p.file).filename().string());
    d.set("path", p.file);
    d.set("name", p.name);
    d.set("kind", p.kind);
    d.set("version", p.version);
    d.set("sdkVersion", p.sdkVersion);
    d.set("summary", p.summary);
    if (p.loaded)
      d.set("loaded", true);
    else
      d.set("reason", p.reason);
    rows.push_back(d);
  }
  // Instances whose plugin misbehaved show here too: that is where a partner looks first.
  Data failing = list();
  for (const auto& p : services_.providers.all())
    if (p->state() == host::ProviderInstance::State::kFailed) {
      Data d;
      d.set("name", p->name());
      d.set("plugin", p->plugin());
      d.set("reason", p->failure());
      failing.push_back(d);
    }
  Data data;
  data.set("plugins", rows);
  if (!failing.is_empty_list()) data.set("hasFailing", true);
  data.set("failing", failing);
  return renderer_.page(request, "plugins", "Plugins", data);
}

}  // namespace pigeon::web
