#pragma once
// A browser-like client for the admin site in tests: keeps cookies, reads the CSRF token off
// the last page, posts forms, and does not follow redirects (tests look at them).

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <Poco/Net/HTTPClientSession.h>

namespace pigeon::test {

struct SitePage {
  int status = 0;
  std::string body;
  std::string location;                 // of a redirect
  std::vector<std::string> setCookies;  // raw Set-Cookie values
  bool contains(const std::string& text) const { return body.find(text) != std::string::npos; }
};

class SiteClient {
public:
  explicit SiteClient(int port);

  SitePage get(const std::string& path);
  // Posts the fields url-encoded; adds the csrf field from the last page unless one is given.
  SitePage post(const std::string& path, std::multimap<std::string, std::string> fields);
  // Posts a multipart form with one file, as a browser sends <input type="file">; adds the
  // csrf field like post().
  SitePage postFile(const std::string& path, std::multimap<std::string, std::string> fields,
                    const std::string& fileField, const std::string& fileName,
                    const std::string& content);
  // GET /login, then POST it; returns the answer to the POST.
  SitePage signIn(const std::string& name, const std::string& password);

  std::string csrf() const { return csrf_; }
  void setCookie(const std::string& name, const std::string& value) { cookies_[name] = value; }
  std::string cookie(const std::string& name) const;

private:
  SitePage send(const std::string& method, const std::string& path, const std::string& body,
                const std::string& contentType = "application/x-www-form-urlencoded");

  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
  std::map<std::string, std::string> cookies_;
  std::string csrf_;
};

// The value of the first <input name="NAME" value="..."> in a page.
std::string inputValue(const std::string& html, const std::string& name);

}  // namespace pigeon::test
