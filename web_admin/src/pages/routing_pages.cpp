#include "pages/routing_pages.h"

#include "api/json_util.h"
#include "api/message_json.h"
#include "form_fields.h"
#include "repositories/inbound_repository.h"

namespace pigeon::web {

namespace {

constexpr int kInboundShown = 100;

// The 1-based position in a form or path; 0 when absent or not a position of the table.
std::size_t positionOf(const std::string& text, std::size_t tableSize) {
  const auto n = host::parseId(text);
  return n && static_cast<std::size_t>(*n) <= tableSize ? static_cast<std::size_t>(*n) : 0;
}

Data formOf(const host::RouteRule& r, std::size_t position) {
  Data d;
  if (position) d.set("position", std::to_string(position));  // absent: a new route
  d.set("name", r.name);
  d.set("prefix", r.prefix);
  d.set("sender", r.sender);
  d.set("tag", r.tag);
  d.set("provider", r.provider);
  d.set("instances", joinCommaList(r.instances));
  return d;
}

// "routes[2].prefix" -> "prefix", "routes[0].instances[1]" -> "instances": the route form
// names its own fields.
std::string formField(const std::string& apiField) {
  const auto dot = apiField.rfind('.');
  auto field = dot == std::string::npos ? apiField : apiField.substr(dot + 1);
  return field.substr(0, field.find('['));
}

}  // namespace

void RoutingPages::addRoutes(SiteRoutes& routes) {
  using A = SiteRoute::Access;
  routes.push_back({"GET", "/routes", A::kSignedIn, "manage_providers",
                    [this](auto& r) { return this->routes(r); }});
  routes.push_back({"POST", "/routes", A::kSignedIn, "manage_providers",
                    [this](auto& r) { return saveRoute(r); }});
  routes.push_back({"POST", "/routes/{position}/{action}", A::kSignedIn, "manage_providers",
                    [this](auto& r) { return changeRoute(r); }});
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
  const auto table = services_.routes.table();
  // ?edit=N fills the form with route N; without it the form adds a route at the end.
  const auto edit = positionOf(request.queryValue("edit"), table->rules().size());
  return showRoutes(request, formOf(edit ? table->rules()[edit - 1] : host::RouteRule{}, edit), "",
                    200);
}

WebResponse RoutingPages::showRoutes(WebRequest& request, Data form, const std::string& error,
                                     int status) {
  Data rows = list();
  int position = 0;
  const auto table = services_.routes.table();
  const auto count = table->rules().size();
  for (const auto& r : table->rules()) {
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
    if (position > 1) d.set("canUp", true);
    if (static_cast<std::size_t>(position) < count) d.set("canDown", true);
    rows.push_back(d);
  }
  Data data;
  data.set("routes", rows);
  data.set("default", services_.providers.defaultName());
  Data names = list();
  for (const auto& instance : services_.providers.all()) {
    Data n;
    n.set("name", instance->name());
    names.push_back(n);
  }
  data.set("instanceNames", names);
  data.set("form", form);
  if (!error.empty()) data.set("error", error);
  for (const char* field : {"to", "text", "tag", "provider"})
    data.set(std::string("q_") + field, request.queryValue(field));
  if (!request.queryValue("to").empty()) data.set("explained", explain(request));
  return renderer_.page(request, "routes", "Routes", data, status);
}

// Adds a route at the end, or replaces route `position`. The whole table goes through
// RouteService::replace, which validates every field and audits the change.
WebResponse RoutingPages::saveRoute(WebRequest& request) {
  auto rules = services_.routes.table()->rules();
  const auto position = positionOf(request.field("position"), rules.size());
  const auto index = position ? position - 1 : rules.size();
  host::RouteRule rule;
  try {
    rule.name = request.field("name", "Name", 64);
    rule.prefix = request.field("prefix", "Prefix", 32);
    rule.sender = request.field("sender", "Sender", 20);
    rule.tag = request.field("tag", "Tag", 64);
    rule.provider = request.field("provider", "Provider asked", 64);
    rule.instances = splitCommaList(request.field("instances", "Instances", 1024));
    if (position)
      rules[index] = rule;
    else
      rules.push_back(rule);
    services_.routes.replace(request.caller(), rules);
  } catch (const host::ApiError& e) {
    if (e.status() != 422) throw;
    // Only this route's own errors can come back: the others were valid already.
    auto form = formOf(rule, position);
    form.set("invalid_" + formField(e.field()), true);
    return showRoutes(request, form, e.what(), 422);
  }
  return WebResponse::redirect(
      "/routes", "Route " + std::to_string(index + 1) + (position ? " saved." : " added."));
}

// POST /routes/N/up, /down or /delete.
WebResponse RoutingPages::changeRoute(WebRequest& request) {
  auto rules = services_.routes.table()->rules();
  const auto position = positionOf(request.params.at(0), rules.size());
  const auto& action = request.params.at(1);
  if (!position)
    throw host::ApiError(404, "not_found", "there is no route " + request.params.at(0));
  const auto index = position - 1;
  std::string done;
  if (action == "delete") {
    rules.erase(rules.begin() + static_cast<std::ptrdiff_t>(index));
    done = "Route " + std::to_string(position) + " deleted.";
  } else if (action == "up" && index > 0) {
    std::swap(rules[index], rules[index - 1]);
    done = "Route " + std::to_string(position) + " moved up.";
  } else if (action == "down" && index + 1 < rules.size()) {
    std::swap(rules[index], rules[index + 1]);
    done = "Route " + std::to_string(position) + " moved down.";
  } else {
    throw host::ApiError(404, "not_found", "unknown route action '" + action + "'");
  }
  services_.routes.replace(request.caller(), rules);
  return WebResponse::redirect("/routes", done);
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
    d.set("rule", m.ruleName);
    d.set("outcome", m.handledAt ? (personal ? m.outcome : std::string("handled")) : "waiting");
    messages.push_back(d);
  }
  Data data;
  data.set("messages", messages);
  if (personal) data.set("personal", true);
  return renderer_.page(request, "inbound", "Inbound SMS", data);
}

}  // namespace pigeon::web
