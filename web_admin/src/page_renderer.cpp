#include "page_renderer.h"

#include <stdexcept>
#include <string_view>

#include "assets.h"

namespace pigeon::web {

namespace {

struct NavItem {
  std::string_view href;
  std::string_view label;
  std::string_view right;  // empty: every signed-in user
};

constexpr NavItem kNav[] = {
    {"/", "Overview", ""},
    {"/providers", "Providers", "manage_providers"},
    {"/plugins", "Plugins", "manage_providers"},
    {"/routes", "Routes", "manage_providers"},
    {"/messages", "Messages", "view_single"},
    {"/messages/new", "Send test", "send_single"},
    {"/messages?status=failed", "Dead letters", "view_single"},
    {"/inbox", "Inbox", "view_single"},
    {"/inbound", "Inbound", "view_bulk"},
    {"/keywords", "Keywords", "manage_rules"},
    {"/entities", "Entities", "view_single"},
    {"/numbers", "Numbers", "view_single"},
    {"/templates", "Templates", "view_single"},
    {"/selections", "Selections", "view_bulk"},
    {"/automations", "Automations", "manage_rules"},
    {"/campaigns", "Campaigns", "view_bulk"},
    {"/reminders", "Reminders", "view_bulk"},
    {"/alerts", "Alerts", "view_bulk"},
    {"/webhooks", "Webhooks", "manage_providers"},
    {"/users", "Users", "manage_users"},
    {"/settings", "Settings", "manage_providers"},
    {"/audit", "Audit log", "manage_users"},
};

std::string render(const std::string& name, const Data& data) {
  const auto key = "templates/" + name + ".mustache";
  auto it = assets().find(key);
  if (it == assets().end()) throw std::logic_error("no template " + key);
  kainjow::mustache::mustache tmpl{std::string(it->second)};
  if (!tmpl.is_valid()) throw std::logic_error(key + ": " + tmpl.error_message());
  return tmpl.render(data);
}

bool isCurrent(std::string_view href, const std::string& path) {
  if (href == "/") return path == "/";
  if (href == "/messages")
    return path == "/messages" || (path.rfind("/messages/", 0) == 0 && path != "/messages/new");
  return path == href || path.rfind(std::string(href) + "/", 0) == 0;
}

}  // namespace

Data list() { return Data(Data::type::list); }

std::string commaSeparated(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

WebResponse PageRenderer::page(const WebRequest& request, const std::string& name,
                               const std::string& title, Data data, int status) const {
  Data layout;
  layout.set("title", title);
  if (request.session) {
    const auto& caller = request.caller();
    data.set("csrf", request.session->csrf);
    layout.set("csrf", request.session->csrf);
    layout.set("user", caller.name);
    Data nav = list();
    for (const auto& item : kNav) {
      if (!item.right.empty() && !caller.can(item.right)) continue;
      Data entry;
      entry.set("href", std::string(item.href));
      entry.set("label", std::string(item.label));
      if (isCurrent(item.href, request.path)) entry.set("current", true);
      nav.push_back(entry);
    }
    layout.set("nav", nav);
  }
  if (!request.flash.empty()) layout.set("flash", request.flash);
  layout.set("content", render(name, data));
  WebResponse out;
  out.status = status;
  out.body = render("layout", layout);
  return out;
}

WebResponse PageRenderer::notice(const WebRequest& request, int status, const std::string& title,
                                 const std::string& text) const {
  Data data;
  data.set("heading", title);
  data.set("text", text);
  return page(request, "notice", title, data, status);
}

std::string PageRenderer::fragment(const std::string& name, const Data& data) const {
  return render(name, data);
}

}  // namespace pigeon::web
