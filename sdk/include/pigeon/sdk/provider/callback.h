#pragma once
// HTTP requests a provider's servers send to the host: delivery reports and inbound SMS pushed
// to https://<host>/callbacks/<instance>/<path>. The host checks the instance's callback
// secret (query parameter `secret` or header `X-Pigeon-Secret`) before the plugin sees one.

#include <string>
#include <utility>
#include <vector>

namespace pigeon::sdk {

struct CallbackRequest {
  using Fields = std::vector<std::pair<std::string, std::string>>;
  std::string method;  // "GET", "POST"
  std::string path;    // after /callbacks/<instance>: "" or "/dlr", "/inbound", ...
  Fields query;        // decoded, in order, without the secret
  Fields form;         // an application/x-www-form-urlencoded body, decoded, in order
  std::string contentType;
  std::string body;  // as received (a JSON body, for one)

  // The first value of a query or form field; empty when absent.
  std::string field(const std::string& name) const {
    for (const auto* list : {&form, &query})
      for (const auto& [k, v] : *list)
        if (k == name) return v;
    return {};
  }
};

// What the host answers the provider's server. Providers often retry until they get the
// exact answer they expect ("100", "OK"), so the plugin decides it.
struct CallbackResponse {
  int status = 200;
  std::string contentType = "text/plain";
  std::string body = "OK";
};

}  // namespace pigeon::sdk
