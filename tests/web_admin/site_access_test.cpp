// The admin site's doors: sign-in, session cookies, lockout, CSRF, expiry and rights.

#include <catch2/catch.hpp>

#include <thread>

#include "auth/session_manager.h"
#include "support/site_client.h"
#include "support/test_host.h"

using namespace pigeon;
using test::SiteClient;
using test::TestHost;

namespace {

std::string sessionCookieHeader(const test::SitePage& page) {
  for (const auto& c : page.setCookies)
    if (c.rfind("pigeon_session=", 0) == 0) return c;
  return {};
}

int userCount(TestHost& h) {
  auto c = h.host().database().connect();
  return static_cast<int>(db::asInt(c->query("SELECT COUNT(*) FROM users", {}).rows[0][0]));
}

}  // namespace

TEST_CASE(
    "signing in sets an HttpOnly, SameSite=Strict session cookie and a wrong password does not",
    "[web]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend);
  SiteClient site(h.port());

  auto first = site.get("/");
  CHECK(first.status == 303);
  CHECK(first.location == "/login?next=/");

  auto wrong = site.signIn("admin", "not-the-password");
  CHECK(wrong.status == 401);
  CHECK(wrong.contains("Wrong user name or password"));
  CHECK(sessionCookieHeader(wrong).empty());

  auto right = site.signIn("admin", test::kAdminPassword);
  REQUIRE(right.status == 303);
  CHECK(right.location == "/");
  const auto header = sessionCookieHeader(right);
  CHECK_THAT(header, Catch::Contains("HttpOnly"));
  CHECK_THAT(header, Catch::Contains("SameSite=Strict"));
  // Only a hash of the cookie is stored: the cookie itself is nowhere in the database.
  auto c = h.host().database().connect();
  auto rows = c->query("SELECT token_hash FROM admin_sessions", {});
  REQUIRE(rows.size() == 1);
  CHECK(db::asString(rows.rows[0][0]) != site.cookie("pigeon_session"));

  auto overview = site.get("/");
  CHECK(overview.status == 200);
  CHECK(overview.contains("<h1>Overview</h1>"));

  auto out = site.post("/logout", {});
  CHECK(out.status == 303);
  CHECK(site.get("/").status == 303);  // the session is gone on the server too
}

TEST_CASE("repeated failed sign-ins lock the account, even for the right password", "[web]") {
  TestHost h("sqlite", {{"admin.max_failed_logins", "3"}});
  SiteClient site(h.port());
  CHECK(site.signIn("admin", "guess-1").status == 401);
  CHECK(site.signIn("admin", "guess-2").status == 401);
  auto locked = site.signIn("admin", "guess-3");
  CHECK(locked.status == 429);
  CHECK(locked.contains("locked for 15 minutes after 3 failed sign-ins"));
  auto stillLocked = site.signIn("admin", test::kAdminPassword);
  CHECK(stillLocked.status == 429);
  CHECK(site.get("/").status == 303);
}

TEST_CASE("a form with a forged or missing CSRF token is refused and changes nothing", "[web]") {
  TestHost h;
  SiteClient site(h.port());
  REQUIRE(site.signIn("admin", test::kAdminPassword).status == 303);
  site.get("/users/new");
  const int users = userCount(h);
  const std::multimap<std::string, std::string> form{
      {"name", "mallory"}, {"password", "long-enough-password"}, {"role", "admin"}};
  for (const std::string token : {"forged", ""}) {
    INFO("csrf = '" << token << "'");
    auto fields = form;
    fields.emplace("csrf", token);
    auto refused = site.post("/users", fields);
    CHECK(refused.status == 403);
    CHECK(refused.contains("expired or forged"));
  }
  CHECK(userCount(h) == users);

  // The sign-in form has its own token, tied to a cookie.
  SiteClient stranger(h.port());
  stranger.get("/login");
  auto forged = stranger.post(
      "/login", {{"name", "admin"}, {"password", test::kAdminPassword}, {"csrf", "forged"}});
  CHECK(forged.status == 403);
  CHECK(stranger.cookie("pigeon_session").empty());
}

TEST_CASE("an unknown or expired session is sent to sign in and changes nothing", "[web]") {
  TestHost h;
  SiteClient site(h.port());
  site.setCookie("pigeon_session", "made-up-session-token");
  const int users = userCount(h);
  auto post = site.post("/users", {{"name", "mallory"},
                                   {"password", "long-enough-password"},
                                   {"role", "admin"},
                                   {"csrf", "whatever"}});
  CHECK(post.status == 303);
  CHECK(post.location == "/login");
  CHECK(userCount(h) == users);
  auto login = site.get("/login");
  CHECK(login.contains("Your session has expired; sign in again. Nothing was changed."));
}

TEST_CASE("sessions end after their idle time, and when the user is disabled", "[web]") {
  TestHost h;
  auto& pool = h.host().database();
  db::ConnectionPool connections(pool, 2);
  host::SessionSettings settings;
  settings.idle = std::chrono::minutes(0);
  host::SessionManager sessions(connections, settings);
  auto signedIn = sessions.login("admin", test::kAdminPassword);
  REQUIRE(std::holds_alternative<host::Session>(signedIn));
  const auto token = std::get<host::Session>(signedIn).token;
  REQUIRE(test::eventually([&] { return !sessions.resume(token); }, 2000));

  host::SessionManager lasting(connections);
  auto again = lasting.login("admin", test::kAdminPassword);
  REQUIRE(std::holds_alternative<host::Session>(again));
  const auto lastingToken = std::get<host::Session>(again).token;
  CHECK(lasting.resume(lastingToken));
  {
    auto c = pool.connect();
    c->execute("UPDATE users SET disabled = 1 WHERE name = 'admin'", {});
  }
  CHECK_FALSE(lasting.resume(lastingToken));
}

TEST_CASE("pages enforce rights: an operator sees masked numbers, no texts, no providers",
          "[web]") {
  TestHost h;
  SiteClient admin(h.port());
  REQUIRE(admin.signIn("admin", test::kAdminPassword).status == 303);
  admin.get("/users/new");
  REQUIRE(
      admin
          .post("/users", {{"name", "op"}, {"password", "operator-password"}, {"role", "operator"}})
          .status == 303);
  admin.get("/messages/new");
  auto sent =
      admin.post("/messages/new",
                 {{"to", "+79123456789"}, {"text", "secret appointment text"}, {"action", "send"}});
  REQUIRE(sent.status == 303);

  SiteClient op(h.port());
  REQUIRE(op.signIn("op", "operator-password").status == 303);
  auto list = op.get("/messages");
  CHECK(list.status == 200);
  CHECK(list.contains("+7912*****89"));
  CHECK_FALSE(list.contains("79123456789"));
  CHECK_FALSE(list.contains("secret appointment text"));
  auto one = op.get(sent.location);
  CHECK(one.status == 200);
  CHECK_FALSE(one.contains("secret appointment text"));
  CHECK(op.get("/messages?number=%2B79123456789").status == 403);

  for (const std::string path : {"/providers", "/plugins", "/users", "/settings", "/audit"}) {
    INFO(path);
    auto page = op.get(path);
    CHECK(page.status == 403);
    CHECK(page.contains("This page needs the right"));
  }
  auto sneaky = op.post("/providers", {{"name", "x"}, {"plugin", "pigeon.provider.simulator"}});
  CHECK(sneaky.status == 403);
  CHECK_FALSE(h.host().providers().find("x"));
  // The navigation offers only what the operator may open.
  auto overview = op.get("/");
  CHECK_FALSE(overview.contains("href=\"/providers\""));
  CHECK(overview.contains("href=\"/messages\""));
}

TEST_CASE("after sign-in only a path on this site is followed, never a crafted one", "[web]") {
  TestHost h;
  struct Case {
    std::string next;
    std::string location;
  };
  const Case cases[] = {
      {"/providers", "/providers"},
      {"//evil.example", "/"},
      {"/\\evil.example", "/"},
      {"/\t/evil.example", "/"},
      {"/x\r\nSet-Cookie: pigeon_session=fixed", "/"},
      {"https://evil.example/", "/"},
  };
  for (const auto& c : cases) {
    INFO(c.next);
    SiteClient site(h.port());
    site.get("/login");
    auto page = site.post(
        "/login", {{"name", "admin"}, {"password", test::kAdminPassword}, {"next", c.next}});
    REQUIRE(page.status == 303);
    CHECK(page.location == c.location);
    CHECK(site.cookie("pigeon_session") != "fixed");
  }
}

TEST_CASE("guesses sent in parallel each count towards the lockout", "[web]") {
  TestHost h("sqlite", {{"admin.max_failed_logins", "3"}});
  std::vector<std::thread> guessers;
  for (int i = 0; i < 6; ++i)
    guessers.emplace_back([&h, i] {
      SiteClient site(h.port());
      site.signIn("admin", "parallel-guess-" + std::to_string(i));
    });
  for (auto& t : guessers) t.join();
  SiteClient site(h.port());
  auto refused = site.signIn("admin", test::kAdminPassword);
  CHECK(refused.status == 429);

  // Once the lock has run out, one more mistake does not lock again at once.
  {
    auto c = h.host().database().connect();
    c->execute("UPDATE users SET locked_until = 1 WHERE name = 'admin'", {});
  }
  CHECK(site.signIn("admin", "one-more-mistake").status == 401);
  CHECK(site.signIn("admin", test::kAdminPassword).status == 303);
}
