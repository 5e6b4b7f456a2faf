#include "api/request_reading.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include "api/json_util.h"

namespace pigeon::host {

int queryLimit(const ApiRequest& request, int defaultLimit, int maxLimit) {
  const auto text = request.queryValue("limit");
  if (text.empty()) return defaultLimit;
  const auto limit = parseId(text);
  if (!limit || *limit > maxLimit)
    throw ApiError(400, "invalid_limit",
                   "'limit' must be an integer from 1 to " + std::to_string(maxLimit), "limit");
  return static_cast<int>(*limit);
}

ApiError bodyTooLarge(std::size_t maxBytes) {
  const auto limit = maxBytes >= (1u << 20) ? std::to_string(maxBytes >> 20) + " MB"
                                            : std::to_string(maxBytes >> 10) + " KB";
  return ApiError(413, "body_too_large", "the request body is larger than " + limit);
}

void readTarget(const std::string& target, std::string& path,
                std::map<std::string, std::string>& query) {
  try {
    Poco::URI uri(target);
    path = uri.getPath();
    for (auto& [k, v] : uri.getQueryParameters()) query[k] = v;
  } catch (const Poco::SyntaxException& e) {
    throw ApiError(400, "invalid_uri", "the request URI is malformed: " + e.message());
  }
}

}  // namespace pigeon::host
