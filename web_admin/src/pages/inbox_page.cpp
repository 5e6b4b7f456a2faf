#include "pages/inbox_page.h"

#include <Poco/URI.h>

#include "api/json_util.h"
#include "api/message_json.h"
#include "repositories/inbound_repository.h"

namespace pigeon::web {

namespace {

constexpr int kPageSize = 50;

}  // namespace

void InboxPage::addRoutes(SiteRoutes& routes) {
  routes.push_back({"GET", "/inbox", SiteRoute::Access::kSignedIn, "view_single",
                    [this](auto& r) { return show(r); }});
}

WebResponse InboxPage::show(WebRequest& request) {
  const auto& caller = request.caller();
  const bool personal = caller.can("view_personal_data");
  const bool everyone = caller.can("view_bulk");
  db::InboundFilter filter;
  filter.limit = kPageSize;
  if (!everyone) filter.userId = caller.userId;
  filter.beforeId = host::parseId(request.queryValue("before"));
  std::vector<db::InboundRecord> rows;
  {
    auto c = services_.pool.acquire();
    rows = db::InboundRepository().list(*c, filter);
  }
  const bool mayReply = caller.can("send_single") && personal;
  Data messages = list();
  for (const auto& m : rows) {
    Data d;
    d.set("id", std::to_string(m.id));
    d.set("from", personal ? m.from : host::maskNumber(m.from));
    d.set("to", m.to);
    if (personal) d.set("text", m.body);
    d.set("received", host::isoTime(m.receivedAt));
    if (m.entityId) {
      d.set("entity", m.entityType + " " + std::to_string(m.entityId));
      d.set("entityHref", "/entities/" + m.entityType + "/" + std::to_string(m.entityId));
    }
    if (mayReply) {
      std::string to;
      Poco::URI::encode(m.from, "?#&=+/", to);
      d.set("replyHref", "/messages/new?to=" + to);
    }
    messages.push_back(d);
  }
  Data data;
  data.set("messages", messages);
  if (personal) data.set("personal", true);
  if (everyone) data.set("everyone", true);
  if (static_cast<int>(rows.size()) == kPageSize)
    data.set("next", "/inbox?before=" + std::to_string(rows.back().id));
  if (filter.beforeId) data.set("first", std::string("/inbox"));
  return renderer_.page(request, "inbox", "Inbox", data);
}

}  // namespace pigeon::web
