#include "api/callbacks_api.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include "pigeon/sdk/provider/callback.h"

namespace pigeon::host {

namespace {

// Anyone may call these before the secret is checked: a provider's report is a few hundred
// bytes, a batch of them a few dozen kilobytes.
constexpr std::size_t kMaxCallbackBody = 256 * 1024;

// "a=1&b=%D0%9F+x" -> {a,1},{b,"П x"}; a malformed escape is the caller's error.
sdk::CallbackRequest::Fields formFields(const std::string& body) {
  sdk::CallbackRequest::Fields out;
  std::size_t start = 0;
  while (start <= body.size()) {
    auto end = body.find('&', start);
    if (end == std::string::npos) end = body.size();
    const auto pair = body.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    std::string key, value;
    try {
      Poco::URI::decode(pair.substr(0, eq), key, true);
      if (eq != std::string::npos) Poco::URI::decode(pair.substr(eq + 1), value, true);
    } catch (const Poco::Exception& e) {
      throw ApiError(400, "invalid_form", "the form body is malformed: " + e.message());
    }
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

}  // namespace

void CallbacksApi::registerRoutes(Router& router) {
  using A = Route::Access;
  for (const char* method : {"GET", "POST"})
    for (const char* pattern : {"/callbacks/{instance}", "/callbacks/{instance}/{path}"})
      router.add({method, pattern, A::kPublic, "", [this](auto& r) { return handle(r); },
                  kMaxCallbackBody});
}

ApiResponse CallbacksApi::handle(ApiRequest& request) {
  const auto& name = request.pathParams.at(0);
  auto instance = providers_.find(name);
  // Unknown instance and wrong secret answer alike: a stranger learns no instance names.
  auto presented = request.secretHeader;
  if (presented.empty())
    if (auto it = request.query.find("secret"); it != request.query.end()) presented = it->second;
  if (!instance || !instance->acceptsCallbackSecret(presented))
    throw ApiError(403, "forbidden",
                   "no instance takes callbacks with this secret at /callbacks/" + name);

  sdk::CallbackRequest callback;
  callback.method = request.method;
  callback.path = request.pathParams.size() > 1 ? "/" + request.pathParams[1] : "";
  for (const auto& [k, v] : request.query)
    if (k != "secret") callback.query.emplace_back(k, v);
  callback.contentType = request.contentType;
  if (request.contentType.starts_with("application/x-www-form-urlencoded"))
    callback.form = formFields(request.body);
  callback.body = std::move(request.body);
  const auto answer = instance->callback(callback);
  return {answer.status, answer.body, answer.contentType};
}

}  // namespace pigeon::host
