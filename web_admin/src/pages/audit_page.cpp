#include "pages/audit_page.h"

#include "api/api_types.h"
#include "api/json_util.h"
#include "repositories/audit_repository.h"

namespace pigeon::web {

namespace {

constexpr int kPageSize = 50;

std::optional<std::int64_t> cursor(const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (auto id = host::parseId(text)) return id;
  throw host::ApiError(400, "invalid_cursor", "'before' must be an entry id", "before");
}

}  // namespace

void AuditPage::addRoutes(SiteRoutes& routes) {
  routes.push_back({"GET", "/audit", SiteRoute::Access::kSignedIn, "manage_users",
                    [this](auto& r) { return show(r); }});
}

WebResponse AuditPage::show(WebRequest& request) {
  std::vector<db::AuditEntry> entries;
  {
    auto c = services_.pool.acquire();
    entries = db::AuditRepository().list(*c, cursor(request.queryValue("before")), kPageSize + 1);
  }
  const bool more = static_cast<int>(entries.size()) > kPageSize;
  if (more) entries.pop_back();
  Data rows = list();
  for (const auto& e : entries) {
    Data d;
    d.set("at", host::isoTime(e.at));
    d.set("who", e.userName);
    d.set("action", e.action);
    d.set("target", e.target);
    d.set("before", e.before);
    d.set("after", e.after);
    rows.push_back(d);
  }
  Data data;
  data.set("entries", rows);
  if (more) data.set("older", std::to_string(entries.back().id));
  return renderer_.page(request, "audit", "Audit log", data);
}

}  // namespace pigeon::web
