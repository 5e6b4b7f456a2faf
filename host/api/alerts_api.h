#pragma once
// /api/v1/staff-groups and /api/v1/alert-rules (manage_rules): who staff alerts go to and what
// raises them. /api/v1/alerts: the alerts (view_bulk), raised by the API (send_single, rules of
// kind api), acknowledged and resolved (view_bulk).

#include "alerts/alert_service.h"
#include "api/router.h"

namespace pigeon::host {

class AlertsApi {
public:
  explicit AlertsApi(AlertService& alerts) : alerts_(alerts) {}
  void registerRoutes(Router& router);

private:
  ApiResponse groups(ApiRequest& request);
  ApiResponse saveGroup(ApiRequest& request);
  ApiResponse group(ApiRequest& request);
  ApiResponse removeGroup(ApiRequest& request);
  ApiResponse rules(ApiRequest& request);
  ApiResponse saveRule(ApiRequest& request);
  ApiResponse rule(ApiRequest& request);
  ApiResponse removeRule(ApiRequest& request);
  ApiResponse list(ApiRequest& request);
  ApiResponse raise(ApiRequest& request);
  ApiResponse get(ApiRequest& request);
  ApiResponse act(ApiRequest& request, const std::string& action);

  AlertService& alerts_;
};

}  // namespace pigeon::host
