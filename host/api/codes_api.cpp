#include "api/codes_api.h"

#include "api/json_util.h"

namespace pigeon::host {

void CodesApi::registerRoutes(Router& router) {
  router.add({"POST", "/api/v1/codes/verify", Route::Access::kAuthenticated, "send_single",
              [this](auto& r) { return verify(r); }});
}

ApiResponse CodesApi::verify(ApiRequest& request) {
  auto root = parseJsonObject(request.body);
  rejectUnknownFields(*root, {"phone", "code", "purpose"});
  auto phone = phones_.normalize(requiredString(*root, "phone"));
  if (!phone.ok) throw ApiError(422, "invalid_number", phone.reason, "phone");
  const auto code = requiredString(*root, "code");
  const auto purpose = optionalString(*root, "purpose").value_or("registration");
  const auto check = codes_.verify(phone.e164, purpose, code);
  Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
  out.set("valid", check == CodeCheck::kValid);
  if (check != CodeCheck::kValid) out.set("reason", codeCheckName(check));
  return {200, toJson(out)};
}

}  // namespace pigeon::host
