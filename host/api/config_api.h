#pragma once
// The admin's Providers, Settings and Audit log pages as an API: add, change and remove
// provider instances, choose the default, read and save settings, read the audit log. Goes
// through the same services as the pages, so it is validated, applied at once and audited.

#include "admin/provider_admin.h"
#include "admin/settings_admin.h"
#include "api/router.h"
#include "db/connection_pool.h"

namespace pigeon::host {

class ConfigApi {
public:
  ConfigApi(ProviderAdmin& providers, SettingsAdmin& settings, db::ConnectionPool& pool)
      : providers_(providers), settings_(settings), pool_(pool) {}
  void registerRoutes(Router& router);

private:
  ApiResponse putProvider(ApiRequest& request);
  ApiResponse deleteProvider(ApiRequest& request);
  ApiResponse makeDefault(ApiRequest& request);
  ApiResponse putDefault(ApiRequest& request);
  ApiResponse getSettings(ApiRequest& request);
  ApiResponse putSettings(ApiRequest& request);
  ApiResponse audit(ApiRequest& request);

  ProviderAdmin& providers_;
  SettingsAdmin& settings_;
  db::ConnectionPool& pool_;
};

}  // namespace pigeon::host
