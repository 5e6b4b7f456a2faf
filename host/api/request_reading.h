#pragma once
// Reading a request the same way for the API and the admin site: the target split into path
// and query, and the body with a size limit. Both throw ApiError (400, 413) naming the problem.

#include <cstddef>
#include <map>
#include <string>

#include <Poco/Net/HTTPServerRequest.h>

namespace pigeon::host {

void readTarget(const std::string& target, std::string& path,
                std::map<std::string, std::string>& query);

// Refuses a declared length over the limit before reading a byte, and stops reading once the
// body passes it (a chunked body declares nothing).
std::string readBody(Poco::Net::HTTPServerRequest& request, std::size_t maxBytes);

}  // namespace pigeon::host
