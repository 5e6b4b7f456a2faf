#include "api/router.h"

namespace pigeon::host {

namespace {

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  if (!out.empty() && out.back().empty()) out.pop_back();  // trailing slash
  return out;
}

}  // namespace

bool matchPath(const std::string& pattern, const std::string& path,
               std::vector<std::string>& params) {
  auto want = segments(pattern);
  auto got = segments(path);
  if (want.size() != got.size()) return false;
  std::vector<std::string> found;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (want[i].size() > 1 && want[i].front() == '{')
      found.push_back(got[i]);
    else if (want[i] != got[i])
      return false;
  }
  params = std::move(found);
  return true;
}

void Router::add(Route route) { routes_.push_back(std::move(route)); }

const Route& Router::match(ApiRequest& request) const {
  bool pathKnown = false;
  for (const auto& r : routes_) {
    std::vector<std::string> params;
    if (!matchPath(r.pattern, request.path, params)) continue;
    pathKnown = true;
    if (r.method != request.method) continue;
    request.pathParams = std::move(params);
    return r;
  }
  if (pathKnown)
    throw ApiError(405, "method_not_allowed",
                   request.method + " is not allowed on " + request.path);
  throw ApiError(404, "not_found", "no such endpoint: " + request.path);
}

}  // namespace pigeon::host
