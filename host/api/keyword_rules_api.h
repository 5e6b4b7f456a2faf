#pragma once
// /api/v1/keyword-rules: the ordered rule table of the inbound keyword engine, and the dry run
// ("what would this text do"). Everything here needs manage_rules.

#include "api/router.h"
#include "keywords/keyword_engine.h"
#include "keywords/keyword_rules.h"

namespace pigeon::host {

class KeywordRulesApi {
public:
  KeywordRulesApi(KeywordRules& rules, KeywordEngine& engine) : rules_(rules), engine_(engine) {}
  void registerRoutes(Router& router);

private:
  ApiResponse list(ApiRequest& request);
  ApiResponse get(ApiRequest& request);
  ApiResponse create(ApiRequest& request);
  ApiResponse update(ApiRequest& request);
  ApiResponse remove(ApiRequest& request);
  ApiResponse dryRun(ApiRequest& request);

  KeywordRules& rules_;
  KeywordEngine& engine_;
};

}  // namespace pigeon::host
