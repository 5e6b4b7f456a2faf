#include "admin_site.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/PartHandler.h>
#include <Poco/URI.h>

#include <algorithm>
#include <iterator>
#include <sstream>

#include "api/api_types.h"
#include "api/request_reading.h"
#include "assets.h"
#include "db/connection.h"
#include "pages/alert_pages.h"
#include "pages/audit_page.h"
#include "pages/automation_pages.h"
#include "pages/campaign_pages.h"
#include "pages/entity_pages.h"
#include "pages/inbox_page.h"
#include "pages/keyword_pages.h"
#include "pages/login_pages.h"
#include "pages/message_pages.h"
#include "pages/number_pages.h"
#include "pages/overview_page.h"
#include "pages/plugin_page.h"
#include "pages/provider_pages.h"
#include "pages/reminder_pages.h"
#include "pages/routing_pages.h"
#include "pages/selection_pages.h"
#include "pages/settings_page.h"
#include "pages/template_pages.h"
#include "pages/user_pages.h"
#include "pages/webhook_pages.h"

namespace pigeon::web {

namespace {

constexpr const char* kSessionCookie = "pigeon_session";
constexpr const char* kFlashCookie = "pigeon_flash";

// Scripts and styles only from the site itself: an injected <script> would not run even if
// escaping ever failed.
constexpr const char* kSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

struct StaticType {
  std::string_view suffix;
  std::string_view contentType;
};
constexpr StaticType kStaticTypes[] = {
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".svg", "image/svg+xml"},
};

bool constantTimeEqual(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::string title(int status) {
  switch (status) {
    case 400:
      return "Bad request";
    case 403:
      return "Not allowed";
    case 404:
      return "Not found";
    case 409:
      return "Conflict";
    case 413:
      return "Too large";
    case 422:
      return "Invalid input";
    default:
      return status >= 500 ? "Server error" : "Error";
  }
}

std::string encodeFlash(const std::string& text) {
  std::string out;
  Poco::URI::encode(text, ";, =\"\\", out);
  return out;
}

// Keeps the files of a multipart form; Poco's form keeps only its plain fields.
class FileParts : public Poco::Net::PartHandler {
public:
  explicit FileParts(std::map<std::string, UploadedFile>& files) : files_(files) {}
  void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override {
    std::string disposition;
    Poco::Net::NameValueCollection params;
    Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""), disposition,
                                              params);
    UploadedFile file;
    file.fileName = params.get("filename", "");
    file.content.assign(std::istreambuf_iterator<char>(stream), {});
    files_[params.get("name", "")] = std::move(file);
  }

private:
  std::map<std::string, UploadedFile>& files_;
};

// The request's path, query and cookies (all a page needs before its body).
WebRequest parseHead(const host::SiteHttpRequest& in) {
  WebRequest request;
  request.method = in.method;
  host::readTarget(in.target, request.path, request.query);
  Poco::Net::NameValueCollection cookies;
  Poco::Net::HTTPRequest head;  // Poco reads cookies from a request's headers
  head.set("Cookie", in.cookies);
  head.getCookies(cookies);
  for (const auto& [k, v] : cookies) request.cookies[k] = v;
  return request;
}

WebRequest parse(host::SiteHttpRequest& in) {
  auto request = parseHead(in);
  if (auto it = request.cookies.find(kFlashCookie); it != request.cookies.end()) {
    std::string text;
    Poco::URI::decode(it->second, text);
    request.flash = text.substr(0, 300);
  }
  if (request.method != "POST") return request;
  try {
    Poco::Net::HTMLForm form;
    form.setFieldLimit(200);
    Poco::Net::HTTPRequest head("POST", in.target);
    head.setContentType(in.contentType);
    std::istringstream stream(in.body);
    FileParts files(request.files);
    form.load(head, stream, files);
    for (const auto& [k, v] : form) request.form.emplace(k, v);
  } catch (const Poco::Exception& e) {
    throw host::ApiError(400, "invalid_form", "the form could not be read: " + e.message());
  }
  return request;
}

WebResponse serveStatic(const WebRequest& request) {
  WebResponse out;
  if (request.method != "GET" || request.path.rfind("/static/", 0) != 0) return out;
  auto it = assets().find(request.path.substr(1));
  if (it == assets().end()) return out;
  for (const auto& t : kStaticTypes)
    if (request.path.ends_with(t.suffix)) out.contentType = t.contentType;
  out.body = it->second;
  return out;
}

host::SiteHttpResponse toHttp(const WebRequest& request, WebResponse& out) {
  host::SiteHttpResponse resp;
  resp.status = out.status;
  resp.contentType = out.contentType;
  auto& h = resp.headers;
  h.emplace_back("X-Content-Type-Options", "nosniff");
  h.emplace_back("Referrer-Policy", "same-origin");
  h.emplace_back("X-Frame-Options", "DENY");
  h.emplace_back("Content-Security-Policy", kSecurityPolicy);
  const bool isStatic = request.path.rfind("/static/", 0) == 0 && out.status == 200;
  h.emplace_back("Cache-Control", isStatic ? "public, max-age=3600" : "no-store");
  for (const auto& c : out.cookies) h.emplace_back("Set-Cookie", c);
  if (!out.flash.empty())
    h.emplace_back("Set-Cookie", cookie(kFlashCookie, encodeFlash(out.flash), 60));
  else if (!request.flash.empty() && out.location.empty())
    h.emplace_back("Set-Cookie", cookie(kFlashCookie, "", 0));  // shown once
  // A header value never carries a control character, whatever a page put there.
  const bool cleanLocation = std::none_of(out.location.begin(), out.location.end(),
                                          [](char ch) { return ch >= 0 && ch < 0x20; });
  if (!out.location.empty()) h.emplace_back("Location", cleanLocation ? out.location : "/");
  resp.body = std::move(out.body);
  return resp;
}

}  // namespace

struct AdminSite::Pages {
  Pages(SiteServices& s, const PageRenderer& r)
      : login(s, r),
        overview(s, r),
        providers(s, r),
        plugins(s, r),
        routing(s, r),
        keywords(s, r),
        selections(s, r),
        templates(s, r),
        messages(s, r),
        inbox(s, r),
        entities(s, r),
        numbers(s, r),
        automations(s, r),
        campaigns(s, r),
        reminders(s, r),
        alerts(s, r),
        webhooks(s, r),
        users(s, r),
        settings(s, r),
        audit(s, r) {}
  LoginPages login;
  OverviewPage overview;
  ProviderPages providers;
  PluginPage plugins;
  RoutingPages routing;
  KeywordPages keywords;
  SelectionPages selections;
  TemplatePages templates;
  MessagePages messages;
  InboxPage inbox;
  EntityPages entities;
  NumberPages numbers;
  AutomationPages automations;
  CampaignPages campaigns;
  ReminderPages reminders;
  AlertPages alerts;
  WebhookPages webhooks;
  UserPages users;
  SettingsPage settings;
  AuditPage audit;
};

AdminSite::AdminSite(SiteServices services) : services_(services) {
  pages_ = std::make_unique<Pages>(services_, renderer_);
  pages_->login.addRoutes(routes_);
  pages_->overview.addRoutes(routes_);
  pages_->providers.addRoutes(routes_);
  pages_->plugins.addRoutes(routes_);
  pages_->routing.addRoutes(routes_);
  pages_->keywords.addRoutes(routes_);
  pages_->selections.addRoutes(routes_);
  pages_->templates.addRoutes(routes_);
  pages_->messages.addRoutes(routes_);
  pages_->inbox.addRoutes(routes_);
  pages_->entities.addRoutes(routes_);
  pages_->numbers.addRoutes(routes_);
  pages_->automations.addRoutes(routes_);
  pages_->campaigns.addRoutes(routes_);
  pages_->reminders.addRoutes(routes_);
  pages_->alerts.addRoutes(routes_);
  pages_->webhooks.addRoutes(routes_);
  pages_->users.addRoutes(routes_);
  pages_->settings.addRoutes(routes_);
  pages_->audit.addRoutes(routes_);
}

AdminSite::~AdminSite() = default;

host::SiteHttpResponse AdminSite::serve(host::SiteHttpRequest& in) {
  WebRequest request;
  WebResponse out;
  try {
    request = parse(in);
    out = serveStatic(request);
    if (out.body.empty()) out = handle(request);
  } catch (const host::ApiError& e) {
    out.status = e.status();
    out.contentType = "text/plain; charset=utf-8";
    out.body = std::string(e.what()) + "\n";
  }
  return toHttp(request, out);
}

std::size_t AdminSite::bodyLimit(const host::SiteHttpRequest& head) {
  auto request = parseHead(head);
  const auto* route = match(request);
  if (!route || !route->maxBody) return 0;
  auto it = request.cookies.find(kSessionCookie);
  if (it == request.cookies.end()) return 0;
  const auto session = services_.sessions.resume(it->second);
  if (!session || (!route->right.empty() && !session->caller.can(route->right))) return 0;
  return route->maxBody;
}

const SiteRoute* AdminSite::match(WebRequest& request) const {
  for (const auto& r : routes_) {
    std::vector<std::string> params;
    if (r.method != request.method || !host::matchPath(r.pattern, request.path, params)) continue;
    request.params = std::move(params);
    return &r;
  }
  return nullptr;
}

WebResponse AdminSite::handle(WebRequest& request) {
  try {
    return guarded(request);
  } catch (const host::ApiError& e) {
    return renderer_.notice(request, e.status(), title(e.status()), e.what());
  } catch (const db::DbError& e) {
    Poco::Logger::get("admin").error("store error on %s %s: %s", request.method, request.path,
                                     std::string(e.what()));
    return renderer_.notice(request, 503, "Store unavailable",
                            "The message store failed; nothing was changed. Try again shortly.");
  } catch (const std::exception& e) {
    Poco::Logger::get("admin").error("error on %s %s: %s", request.method, request.path,
                                     std::string(e.what()));
    return renderer_.notice(request, 500, "Server error",
                            "Something went wrong on the server; the log has the details.");
  }
}

WebResponse AdminSite::guarded(WebRequest& request) {
  const SiteRoute* route = match(request);
  const auto pathKnown = [&] {
    std::vector<std::string> params;
    return std::any_of(routes_.begin(), routes_.end(), [&](const SiteRoute& r) {
      return host::matchPath(r.pattern, request.path, params);
    });
  };
  if (!route && pathKnown())
    throw host::ApiError(405, "method_not_allowed",
                         request.method + " is not allowed on " + request.path);

  if (auto it = request.cookies.find(kSessionCookie); it != request.cookies.end())
    request.session = services_.sessions.resume(it->second);
  if (!route) throw host::ApiError(404, "not_found", "There is no page at " + request.path);

  if (route->access == SiteRoute::Access::kSignedIn) {
    if (!request.session) {
      if (request.method == "GET") {
        std::string next;
        Poco::URI::encode(request.path, "?#&=+", next);
        return WebResponse::redirect("/login?next=" + next);
      }
      return WebResponse::redirect("/login",
                                   "Your session has expired; sign in again. Nothing was changed.");
    }
    if (request.method == "POST" &&
        !constantTimeEqual(request.field("csrf"), request.session->csrf))
      return renderer_.notice(request, 403, "Form refused",
                              "This form was expired or forged (its security token does not "
                              "match your session). Reload the page and try again; nothing "
                              "was changed.");
    if (!route->right.empty() && !request.caller().can(route->right))
      return renderer_.notice(
          request, 403, "Not allowed",
          "This page needs the right " + route->right + ", which your account does not have.");
  }
  return route->page(request);
}

}  // namespace pigeon::web
