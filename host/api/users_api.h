#pragma once
// /api/v1/users: the Users page as an API — users, their roles and rights, their API keys.
// Everything here needs manage_users and goes through UserAdmin, so it is checked and audited
// like the page.

#include "admin/user_admin.h"
#include "api/router.h"

namespace pigeon::host {

class UsersApi {
public:
  explicit UsersApi(UserAdmin& users) : users_(users) {}
  void registerRoutes(Router& router);

private:
  ApiResponse list(ApiRequest& request);
  ApiResponse create(ApiRequest& request);
  ApiResponse update(ApiRequest& request);
  ApiResponse keys(ApiRequest& request);
  ApiResponse createKey(ApiRequest& request);
  ApiResponse createOwnKey(ApiRequest& request);
  NewApiKey keyFor(ApiRequest& request, std::int64_t userId);
  ApiResponse revokeKey(ApiRequest& request);

  UserAdmin& users_;
};

}  // namespace pigeon::host
