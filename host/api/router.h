#pragma once
// The route table: method + path pattern ("/api/v1/messages/{id}") -> handler, with the right
// a caller needs. Rights are checked here, once, for every route.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_types.h"

namespace pigeon::host {

struct Route {
  using Handler = std::function<ApiResponse(ApiRequest&)>;
  // Answers later without holding a thread: the handler validates (throwing ApiError as usual),
  // starts the work and returns; the work's completion calls `reply` with a function that
  // makes the response, which the server runs on the connection's own event loop.
  using Reply = std::function<void(std::function<ApiResponse()>)>;
  using AsyncHandler = std::function<void(ApiRequest&, Reply)>;
  enum class Access { kPublic, kAuthenticated };

  std::string method;
  std::string pattern;
  Access access = Access::kAuthenticated;
  std::string right;        // empty = any authenticated caller
  Handler handler;          // runs on a worker thread: may block (store, password hashing)
  std::size_t maxBody = 0;  // 0 = the server's limit; public routes set less, imports more
  AsyncHandler asyncHandler = nullptr;  // when set, used instead of `handler`, on the event loop
  // For an asyncHandler: whether this request may block (read the store), so that it starts
  // on a worker instead of the event loop. A large body always does.
  std::function<bool(const ApiRequest&)> blocksFor = nullptr;
};

// Whether `path` fits `pattern`; fills `params` with the {…} parts when it does.
bool matchPath(const std::string& pattern, const std::string& path,
               std::vector<std::string>& params);

class Router {
public:
  void add(Route route);
  // The route for a request, filling request.pathParams. Throws ApiError 404 or 405.
  const Route& match(ApiRequest& request) const;

private:
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> patterns_;  // each route's pattern, split at '/'
};

}  // namespace pigeon::host
