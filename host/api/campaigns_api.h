#pragma once
// /api/v1/campaigns: campaigns with their live progress, and start, pause, resume and cancel.
// Reading needs view_bulk; saving and the actions need send_bulk (a campaign sends as the one
// who saved it, from their numbers).

#include "api/router.h"
#include "campaigns/campaign_service.h"

namespace pigeon::host {

class CampaignsApi {
public:
  explicit CampaignsApi(CampaignService& campaigns) : campaigns_(campaigns) {}
  void registerRoutes(Router& router);

private:
  ApiResponse list(ApiRequest& request);
  ApiResponse create(ApiRequest& request);
  ApiResponse get(ApiRequest& request);
  ApiResponse update(ApiRequest& request);
  ApiResponse remove(ApiRequest& request);
  // start, pause, resume, cancel
  ApiResponse act(ApiRequest& request, const std::string& action);
  Poco::JSON::Object campaignJson(const db::CampaignRecord& c);

  CampaignService& campaigns_;
};

}  // namespace pigeon::host
