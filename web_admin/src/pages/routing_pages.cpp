#include "pages/routing_pages.h"

#include "api/json_util.h"
#include "api/message_json.h"
#include "repositories/inbound_repository.h"

namespace pigeon::web {

namespace {

constexpr int kInboundShown = 100;

}  // namespace

void RoutingPages::addRoutes(SiteRoutes& routes) {
  routes.push_back({"GET", "/routes", SiteRoute::Access::kSignedIn, "manage_providers",
                    [this](auto& r) { return this->routes(r); }});
  routes.push_back({"GET", "/inbound", SiteRoute::Access::kSignedIn, "view_bulk",
                    [this](auto& r) { return inbound(r); }});
}

Data RoutingPages::instanceState(const std::string& name) const {
  Data d;
  d.set("name", name);
  auto instance = services_.providers.find(name);
  if (!instance) {
    d.set("state", std::string("does not exist"));
    d.set("down", true);
  } else if (const auto reason = instance->downReason(); !reason.empty()) {
    d.set("state", reason);
    d.set("down", true);
  } else {
    d.set("state", std::string("up"));
  }
  return d;
}

// The message as the API would judge it, routed as the dispatcher would route it now.
Data RoutingPages::explain(WebRequest& request) const {
  Data out;
  Poco::JSON::Object message;
  for (const char* field : {"to", "text", "from", "tag", "provider"})
    if (auto v = request.queryValue(field); !v.empty()) message.set(field, v);
  if (!message.has("text")) message.set("text", std::string("test"));
  try {
    const auto m = services_.messages.parseMessage(message, request.caller(), "");
    const auto match =
        services_.routes.match({m.to, m.from, m.tag, m.requestedProvider}, /*explain=*/true);
    out.set("why", match.why);
    out.set("parts", std::to_string(m.parts));
    out.set("encoding", m.encoding);
    Data instances = list();
    for (const auto& name : match.instances) instances.push_back(instanceState(name));
    out.set("instances", instances);
  } catch (const host::ApiError& e) {
    out.set("error", std::string(e.what()));
  }
  return out;
}

WebResponse RoutingPages::routes(WebRequest& request) {
  Data rows = list();
  int position = 0;
  for (const auto& r : services_.routes.table()->rules()) {
    Data d;
    d.set("position", std::to_string(++position));
    d.set("name", r.name);
    d.set("prefix", r.prefix.empty() ? "any" : r.prefix);
    d.set("sender", r.sender.empty() ? "any" : r.sender);
    d.set("tag", r.tag.empty() ? "any" : r.tag);
    d.set("provider", r.provider.empty() ? "any" : r.provider);
    Data instances = list();
    for (const auto& name : r.instances) instances.push_back(instanceState(name));
    d.set("instances", instances);
    rows.push_back(d);
  }
  Data data;
  data.set("routes", rows);
  data.set("default", services_.providers.defaultName());
  for (const char* field : {"to", "text", "tag", "provider"})
    data.set(std::string("q_") + field, request.queryValue(field));
  if (!request.queryValue("to").empty()) data.set("explained", explain(request));
  return renderer_.page(request, "routes", "Routes", data);
}

WebResponse RoutingPages::inbound(WebRequest& request) {
  const bool personal = request.caller().can("view_personal_data");
  std::vector<db::InboundRecord> rows;
  {
    auto c = services_.pool.acquire();
    db::InboundFilter f;
    f.limit = kInboundShown;
    rows = db::InboundRepository().list(*c, f);
  }
  Data messages = list();
  for (const auto& m : rows) {
    Data d;
    d.set("id", std::to_string(m.id));
    d.set("instance", m.instance);
    d.set("from", personal ? m.from : host::maskNumber(m.from));
    d.set("to", m.to);
    if (personal) d.set("text", m.body);
    d.set("received", host::isoTime(m.receivedAt));
    messages.push_back(d);
  }
  Data data;
  data.set("messages", messages);
  if (personal) data.set("personal", true);
  return renderer_.page(request, "inbound", "Inbound SMS", data);
}

}  // namespace pigeon::web
