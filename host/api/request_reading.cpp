#include "api/request_reading.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace pigeon::host {

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
