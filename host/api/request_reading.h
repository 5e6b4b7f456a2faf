#pragma once
// Reading a request the same way for the API and the admin site: the target split into path
// and query, and the refusal of a body over its limit. Both name the problem (ApiError 400,
// 413).

#include <cstddef>
#include <map>
#include <string>

#include "api/api_types.h"

namespace pigeon::host {

void readTarget(const std::string& target, std::string& path,
                std::map<std::string, std::string>& query);

// ?limit=: `defaultLimit` when absent; ApiError 400 naming it unless an integer from 1 to
// `maxLimit`.
int queryLimit(const ApiRequest& request, int defaultLimit, int maxLimit);

// 413 "the request body is larger than 16 MB".
ApiError bodyTooLarge(std::size_t maxBytes);

}  // namespace pigeon::host
