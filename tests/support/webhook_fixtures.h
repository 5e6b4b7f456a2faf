#pragma once
// What the webhook tests share: a host that polls and retries fast, a webhook's JSON, and its
// deliveries as the API lists them.

#include <Poco/JSON/Array.h>

#include <cstdint>
#include <map>
#include <string>

#include "support/http_client.h"
#include "support/inbound_driver.h"

namespace pigeon::test::webhooks {

inline const std::map<std::string, std::string> kFastWebhooks{
    {kInboundSecretSetting, kInboundSecret},
    {"webhooks.poll_ms", "50"},
    {"webhooks.retry_base_ms", "50"},
    {"webhooks.max_attempts", "3"}};

inline constexpr const char* kSecret = "whsec-0123456789abcdef";

inline std::string hookBody(const std::string& url, const std::string& events) {
  return R"({"url":")" + url + R"(","events":)" + events + R"(,"secret":")" + kSecret + R"("})";
}

inline Poco::JSON::Array::Ptr deliveries(HttpClient& admin, std::int64_t hook) {
  return admin.get("/api/v1/webhooks/" + std::to_string(hook) + "/deliveries")
      .json()
      ->getArray("deliveries");
}

}  // namespace pigeon::test::webhooks
