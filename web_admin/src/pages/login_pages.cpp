#include "pages/login_pages.h"

#include <algorithm>

#include "auth/password_hasher.h"

namespace pigeon::web {

namespace {

constexpr const char* kLoginCsrfCookie = "pigeon_login_csrf";
constexpr const char* kSessionCookie = "pigeon_session";

// Only a path on this site, in printable ASCII: "//evil.example", "/\\evil", "https://..."
// would send the user away, and a tab or line break could hide "//" or split the header.
std::string safeNext(const std::string& next) {
  const bool printable = std::all_of(next.begin(), next.end(),
                                     [](char ch) { return ch > 0x20 && ch < 0x7f && ch != '\\'; });
  if (next.empty() || next.front() != '/' || !printable || (next.size() > 1 && next[1] == '/') ||
      next.find("://") != std::string::npos)
    return "/";
  return next;
}

}  // namespace

void LoginPages::addRoutes(SiteRoutes& routes) {
  using A = SiteRoute::Access;
  routes.push_back({"GET", "/login", A::kPublic, "", [this](auto& r) { return show(r); }});
  routes.push_back({"POST", "/login", A::kPublic, "", [this](auto& r) { return signIn(r); }});
  routes.push_back({"POST", "/logout", A::kSignedIn, "", [this](auto& r) { return signOut(r); }});
}

WebResponse LoginPages::form(WebRequest& request, int status, const std::string& error,
                             const std::string& name) {
  const auto token = host::randomToken(16);
  Data data;
  data.set("loginCsrf", token);
  data.set("next",
           safeNext(request.has("next") ? request.field("next") : request.queryValue("next")));
  data.set("name", name);
  if (!error.empty()) data.set("error", error);
  auto out = renderer_.page(request, "login", "Sign in", data, status);
  out.cookies.push_back(cookie(kLoginCsrfCookie, token, 3600));
  return out;
}

WebResponse LoginPages::show(WebRequest& request) {
  if (request.session) return WebResponse::redirect("/");
  return form(request, 200, "", "");
}

WebResponse LoginPages::signIn(WebRequest& request) {
  auto expected = request.cookies.find(kLoginCsrfCookie);
  const auto sent = request.field("csrf");
  if (expected == request.cookies.end() || sent.empty() || sent != expected->second)
    return renderer_.notice(request, 403, "Form refused",
                            "This sign-in form was expired or forged (its security token does "
                            "not match). Open the sign-in page again.");
  const auto name = request.field("name", "User name", 64);
  // As typed: a password may begin or end with a space.
  auto it = request.form.find("password");
  const std::string password = it == request.form.end() ? "" : it->second.substr(0, 1024);
  if (name.empty() || password.empty())
    return form(request, 422, "Enter your user name and password", name);
  auto result = services_.sessions.login(name, password);
  if (auto* refusal = std::get_if<host::LoginRefusal>(&result)) {
    if (*refusal == host::LoginRefusal::kLocked) {
      const auto& s = services_.sessions.settings();
      return form(request, 429,
                  "This account is locked for " + std::to_string(s.lockout.count()) +
                      " minutes after " + std::to_string(s.maxFailures) +
                      " failed sign-ins. Try again later or ask an admin.",
                  name);
    }
    return form(request, 401, "Wrong user name or password", name);
  }
  const auto& session = std::get<host::Session>(result);
  auto out = WebResponse::redirect(safeNext(request.field("next")));
  const auto maxAge =
      std::chrono::duration_cast<std::chrono::seconds>(services_.sessions.settings().absolute);
  out.cookies.push_back(cookie(kSessionCookie, session.token, static_cast<int>(maxAge.count())));
  out.cookies.push_back(cookie(kLoginCsrfCookie, "", 0));
  return out;
}

WebResponse LoginPages::signOut(WebRequest& request) {
  services_.sessions.logout(request.cookies[kSessionCookie]);
  auto out = WebResponse::redirect("/login", "You are signed out.");
  out.cookies.push_back(cookie(kSessionCookie, "", 0));
  return out;
}

}  // namespace pigeon::web
