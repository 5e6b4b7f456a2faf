#include "api/request_reading.h"

#include <Poco/URI.h>

#include "api/api_types.h"

namespace pigeon::host {

namespace {

ApiError tooLarge(std::size_t maxBytes) {
  const auto limit = maxBytes >= (1u << 20) ? std::to_string(maxBytes >> 20) + " MB"
                                            : std::to_string(maxBytes >> 10) + " KB";
  return ApiError(413, "body_too_large", "the request body is larger than " + limit);
}

}  // namespace

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

std::string readBody(Poco::Net::HTTPServerRequest& request, std::size_t maxBytes) {
  const auto declared = request.getContentLength64();
  if (declared != Poco::Net::HTTPMessage::UNKNOWN_CONTENT_LENGTH &&
      declared > static_cast<Poco::Int64>(maxBytes))
    throw tooLarge(maxBytes);
  std::string body;
  if (declared > 0) body.reserve(static_cast<std::size_t>(declared));
  auto& in = request.stream();
  char buffer[16384];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    body.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (body.size() > maxBytes) throw tooLarge(maxBytes);
  }
  return body;
}

}  // namespace pigeon::host
