#include "support/site_client.h"

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

namespace pigeon::test {

std::string inputValue(const std::string& html, const std::string& name) {
  const auto at = html.find("name=\"" + name + "\" value=\"");
  if (at == std::string::npos) return {};
  const auto start = at + name.size() + 15;
  return html.substr(start, html.find('"', start) - start);
}

SiteClient::SiteClient(int port)
    : session_(std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1",
                                                              static_cast<Poco::UInt16>(port))) {
  session_->setKeepAlive(true);
  session_->setTimeout(Poco::Timespan(30, 0));
}

std::string SiteClient::cookie(const std::string& name) const {
  auto it = cookies_.find(name);
  return it == cookies_.end() ? std::string() : it->second;
}

SitePage SiteClient::send(const std::string& method, const std::string& path,
                          const std::string& body, const std::string& contentType) {
  Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (!cookies_.empty()) {
    Poco::Net::NameValueCollection jar;
    for (const auto& [k, v] : cookies_) jar.add(k, v);
    req.setCookies(jar);
  }
  if (method == "POST") {
    req.setContentType(contentType);
    req.setContentLength(static_cast<std::streamsize>(body.size()));
  }
  session_->sendRequest(req) << body;
  Poco::Net::HTTPResponse resp;
  auto& in = session_->receiveResponse(resp);
  SitePage page;
  page.status = resp.getStatus();
  Poco::StreamCopier::copyToString(in, page.body);
  if (resp.has("Location")) page.location = resp.get("Location");
  std::vector<Poco::Net::HTTPCookie> cookies;
  resp.getCookies(cookies);
  for (const auto& c : cookies) {
    if (c.getMaxAge() == 0)
      cookies_.erase(c.getName());
    else
      cookies_[c.getName()] = c.getValue();
  }
  // Raw headers too: attributes such as SameSite are checked as sent.
  page.setCookies.clear();
  for (auto it = resp.find("Set-Cookie"); it != resp.end() && it->first == "Set-Cookie"; ++it)
    page.setCookies.push_back(it->second);
  if (auto token = inputValue(page.body, "csrf"); !token.empty()) csrf_ = token;
  return page;
}

SitePage SiteClient::get(const std::string& path) { return send("GET", path, ""); }

SitePage SiteClient::post(const std::string& path, std::multimap<std::string, std::string> fields) {
  if (!fields.count("csrf")) fields.emplace("csrf", csrf_);
  std::string body;
  for (const auto& [k, v] : fields) {
    std::string key, value;
    Poco::URI::encode(k, "&=+;%", key);
    Poco::URI::encode(v, "&=+;%", value);
    body += (body.empty() ? "" : "&") + key + "=" + value;
  }
  return send("POST", path, body);
}

SitePage SiteClient::postFile(const std::string& path,
                              std::multimap<std::string, std::string> fields,
                              const std::string& fileField, const std::string& fileName,
                              const std::string& content) {
  if (!fields.count("csrf")) fields.emplace("csrf", csrf_);
  const std::string boundary = "----pigeon-test-boundary-7d1f";
  std::string body;
  for (const auto& [k, v] : fields)
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v +
            "\r\n";
  body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField +
          "\"; filename=\"" + fileName + "\"\r\nContent-Type: text/csv\r\n\r\n" + content +
          "\r\n--" + boundary + "--\r\n";
  return send("POST", path, body, "multipart/form-data; boundary=" + boundary);
}

SitePage SiteClient::signIn(const std::string& name, const std::string& password) {
  get("/login");
  return post("/login", {{"name", name}, {"password", password}});
}

}  // namespace pigeon::test
