#include "web_request.h"

#include "api/api_types.h"
#include "api/json_util.h"

namespace pigeon::web {

namespace {

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

std::string WebRequest::queryValue(const std::string& name) const {
  auto it = query.find(name);
  return it == query.end() ? std::string() : trimmed(it->second);
}

std::string WebRequest::field(const std::string& name, const std::string& label,
                              std::size_t maxLength) const {
  auto it = form.find(name);
  if (it == form.end()) return {};
  if (it->second.size() > maxLength)
    throw host::ApiError(422, "too_long",
                         (label.empty() ? name : label) + " is longer than " +
                             std::to_string(maxLength) + " characters",
                         name);
  return trimmed(it->second);
}

std::int64_t WebRequest::pathId(std::size_t index, const std::string& what) const {
  const auto& text = params.at(index);
  if (auto id = host::parseId(text)) return *id;
  throw host::ApiError(404, "not_found", "no " + what + " " + text);
}

std::vector<std::string> WebRequest::fields(const std::string& name) const {
  std::vector<std::string> out;
  auto [first, last] = form.equal_range(name);
  for (auto it = first; it != last; ++it) out.push_back(trimmed(it->second));
  return out;
}

std::string cookie(const std::string& name, const std::string& value, int maxAgeSeconds) {
  auto out = name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
  if (maxAgeSeconds >= 0) out += "; Max-Age=" + std::to_string(maxAgeSeconds);
  return out;
}

}  // namespace pigeon::web
