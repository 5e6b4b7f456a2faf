#pragma once
// /api/v1/numbers: sender numbers, their provider instance, the user whose inbox their replies
// land in, and the users who may send from them. Reading needs view_single, changing
// manage_providers.

#include "api/router.h"
#include "numbers/number_directory.h"

namespace pigeon::host {

class NumbersApi {
public:
  explicit NumbersApi(NumberDirectory& numbers) : numbers_(numbers) {}
  void registerRoutes(Router& router);

private:
  ApiResponse list(ApiRequest& request);
  ApiResponse create(ApiRequest& request);
  ApiResponse update(ApiRequest& request);
  ApiResponse remove(ApiRequest& request);

  NumberDirectory& numbers_;
};

}  // namespace pigeon::host
