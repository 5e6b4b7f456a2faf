#include "api/router.h"

namespace pigeon::host {

namespace {

// The parts of a path between slashes, as views into it (no copies: every request is matched
// against every route).
std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  if (!out.empty() && out.back().empty()) out.pop_back();  // trailing slash
  return out;
}

template <typename Pattern>
bool matchSegments(const std::vector<Pattern>& want, const std::vector<std::string_view>& got,
                   std::vector<std::string>& params) {
  if (want.size() != got.size()) return false;
  const auto isParam = [](std::string_view w) { return w.size() > 1 && w.front() == '{'; };
  for (std::size_t i = 0; i < want.size(); ++i)
    if (!isParam(want[i]) && std::string_view(want[i]) != got[i]) return false;
  params.clear();
  for (std::size_t i = 0; i < want.size(); ++i)
    if (isParam(want[i])) params.emplace_back(got[i]);
  return true;
}

}  // namespace

bool matchPath(const std::string& pattern, const std::string& path,
               std::vector<std::string>& params) {
  return matchSegments(segments(pattern), segments(path), params);
}

void Router::add(Route route) {
  std::vector<std::string> pattern;
  for (auto part : segments(route.pattern)) pattern.emplace_back(part);
  patterns_.push_back(std::move(pattern));
  routes_.push_back(std::move(route));
}

const Route& Router::match(ApiRequest& request) const {
  bool pathKnown = false;
  const auto path = segments(request.path);
  std::vector<std::string> params;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const auto& r = routes_[i];
    if (!matchSegments(patterns_[i], path, params)) continue;
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
