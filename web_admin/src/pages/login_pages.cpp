#include "pages/login_pages.h"

#include "auth/password_hasher.h"

namespace pigeon::web {

namespace {

constexpr const char* kLoginCsrfCookie = "pigeon_login_csrf";
constexpr const char* kSessionCookie = "pigeon_session";

// Only a path on this site: "//evil.example" or "https://..." would send the user away.
std::string safeNext(const std::string& next) {
  if (next.empty() || next.front() != '/' || next.rfind("//", 0) == 0 ||
      next.find('\\') != std::string::npos || next.find("://") != std::string::npos)
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
  const auto password = request.field("password", "Password", 256);
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
