#include "db/database_url.h"

#include <array>
#include <charconv>
#include <string_view>

#include "db/connection.h"

namespace pigeon::db {

namespace {

constexpr std::string_view kMysqlScheme = "mysql://";

[[noreturn]] void fail(const std::string& url, const std::string& problem) {
  throw DbError("bad database url '" + maskDatabaseUrl(url) + "': " + problem);
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Passwords are often generated and contain reserved characters; %XX lets them through.
std::string percentDecode(std::string_view in, const std::string& url, const char* what) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out += in[i];
      continue;
    }
    int hi = i + 2 < in.size() ? hexDigit(in[i + 1]) : -1;
    int lo = hi >= 0 ? hexDigit(in[i + 2]) : -1;
    if (lo < 0) fail(url, std::string("bad percent-escape in the ") + what);
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

DatabaseUrl parseSqlite(const std::string& url, std::string_view rest) {
  if (rest.empty()) fail(url, "missing the file path after 'sqlite:'");
  DatabaseUrl u;
  u.backend = Backend::kSqlite;
  u.path = std::string(rest);
  return u;
}

int parsePort(std::string_view text, const std::string& url) {
  int port = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || port < 1 ||
      port > 65535)
    fail(url, "port '" + std::string(text) + "' is not a number from 1 to 65535");
  return port;
}

DatabaseUrl parseMysql(const std::string& url, std::string_view rest) {
  DatabaseUrl u;
  u.backend = Backend::kMysql;

  // The last '@' ends the credentials, so an unencoded '@' or '/' in a password still works.
  auto at = rest.rfind('@');
  if (at == std::string_view::npos) fail(url, "missing 'USER@' before the host");
  auto userinfo = rest.substr(0, at);
  auto colon = userinfo.find(':');
  u.user = percentDecode(userinfo.substr(0, colon), url, "user");
  if (colon != std::string_view::npos)
    u.password = percentDecode(userinfo.substr(colon + 1), url, "password");
  if (u.user.empty()) fail(url, "missing the user name");

  auto location = rest.substr(at + 1);
  auto slash = location.find('/');
  if (slash == std::string_view::npos) fail(url, "missing '/DATABASE' after the host");
  auto hostport = location.substr(0, slash);
  u.database = std::string(location.substr(slash + 1));

  // A bracketed host is an IPv6 address, whose colons are not the port separator.
  std::string_view host = hostport, port;
  bool hasPort = false;
  if (hostport.starts_with('[')) {
    auto close = hostport.find(']');
    if (close == std::string_view::npos) fail(url, "unclosed '[' in the host");
    host = hostport.substr(1, close - 1);
    auto after = hostport.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) fail(url, "junk after ']' in the host");
    hasPort = !after.empty();
    if (hasPort) port = after.substr(1);
  } else if (auto c = hostport.rfind(':'); c != std::string_view::npos) {
    host = hostport.substr(0, c);
    port = hostport.substr(c + 1);
    hasPort = true;
  }
  if (host.empty()) fail(url, "missing the host");
  u.host = std::string(host);
  if (hasPort) u.port = parsePort(port, url);

  if (u.database.empty()) fail(url, "missing the database name after '/'");
  if (u.database.find_first_of("/?#") != std::string::npos)
    fail(url, "database name '" + u.database + "' contains '/', '?' or '#'");
  return u;
}

struct Scheme {
  std::string_view prefix;
  DatabaseUrl (*parse)(const std::string& url, std::string_view rest);
};

constexpr std::array<Scheme, 2> kSchemes{{
    {"sqlite:", parseSqlite},
    {kMysqlScheme, parseMysql},
}};

}  // namespace

DatabaseUrl parseDatabaseUrl(const std::string& url) {
  for (const auto& s : kSchemes)
    if (std::string_view(url).starts_with(s.prefix))
      return s.parse(url, std::string_view(url).substr(s.prefix.size()));
  fail(url, "unknown backend (expected 'sqlite:PATH' or 'mysql://USER:PASS@HOST:PORT/DB')");
}

std::string maskDatabaseUrl(const std::string& url) {
  if (!std::string_view(url).starts_with(kMysqlScheme)) return url;
  auto at = url.rfind('@');
  if (at == std::string::npos) return url;
  auto colon = url.find(':', kMysqlScheme.size());
  if (colon == std::string::npos || colon > at || colon + 1 == at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace pigeon::db
