#pragma once
// /api/v1/automations: "when a <type> is created or changed and <criteria> hold, send
// <template>". Reading and changing them need manage_rules; saving one, send_bulk as well.

#include "api/router.h"
#include "automation/automation_rules.h"

namespace pigeon::host {

class AutomationsApi {
public:
  AutomationsApi(AutomationRules& rules, TemplateService& templates)
      : rules_(rules), templates_(templates) {}
  void registerRoutes(Router& router);

private:
  ApiResponse list(ApiRequest& request);
  ApiResponse create(ApiRequest& request);
  ApiResponse get(ApiRequest& request);
  ApiResponse update(ApiRequest& request);
  ApiResponse remove(ApiRequest& request);
  db::AutomationRecord read(const ApiRequest& request);
  Poco::Dynamic::Var templateName(std::int64_t id);

  AutomationRules& rules_;
  TemplateService& templates_;
};

}  // namespace pigeon::host
