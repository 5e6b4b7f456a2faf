#pragma once
// /callbacks/<instance>[/<path>]: where providers' servers push delivery reports and inbound
// SMS. No user signs these: each request must carry the instance's callback_secret, and the
// instance's plugin reads it and chooses the answer its provider expects.

#include "api/router.h"
#include "providers/provider_set.h"

namespace pigeon::host {

class CallbacksApi {
public:
  explicit CallbacksApi(ProviderSet& providers) : providers_(providers) {}
  void registerRoutes(Router& router);

private:
  ApiResponse handle(ApiRequest& request);

  ProviderSet& providers_;
};

}  // namespace pigeon::host
