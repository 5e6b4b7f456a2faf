#pragma once
// What the HTTP server hands the web admin for a request outside the API, and what it takes
// back: plain data, so the site knows nothing of the server's transport.

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace pigeon::host {

struct SiteHttpRequest {
  std::string method;
  std::string target;  // path and query, as sent
  std::string contentType;
  std::string cookies;  // the Cookie header
  std::string body;
};

struct SiteHttpResponse {
  int status = 200;
  std::string contentType = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // Set-Cookie may repeat
};

// Runs on a worker thread; may block.
using SiteHandler = std::function<SiteHttpResponse(SiteHttpRequest&)>;

// What the site takes: its handler, and how many body bytes it reads for a request whose head
// (method, target, cookies; no body yet) declares more than a form's 1 MiB, so that a signed-in
// user's file upload may be large while a stranger's POST is not. Runs on a worker thread.
struct SiteHooks {
  SiteHandler serve;
  std::function<std::size_t(const SiteHttpRequest& head)> bodyLimit;
};

}  // namespace pigeon::host
