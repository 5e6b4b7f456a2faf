#pragma once
// "/campaigns": every campaign with its live progress bar and the buttons that start, pause,
// resume, cancel or delete it; "/campaigns/new": the wizard (recipients with their count, the
// message with a sample, its parts and cost, the sender, when, quiet hours, the pace), saved as
// a draft or started; "/campaigns/<id>": one campaign's progress, skipped rows by reason, and
// its buttons. Through CampaignService, as /api/v1/campaigns: view_bulk to see, send_bulk to
// save and act (the campaign sends as the one who saves it).

#include "page_renderer.h"
#include "site_routes.h"
#include "site_services.h"

namespace pigeon::web {

class CampaignPages {
public:
  CampaignPages(SiteServices& services, const PageRenderer& renderer)
      : services_(services), renderer_(renderer) {}
  void addRoutes(SiteRoutes& routes);

private:
  WebResponse show(WebRequest& request);
  WebResponse rows(WebRequest& request);
  // `posted`: the form as sent (a refresh of the summary, or beside its error).
  WebResponse wizard(WebRequest& request, bool posted, const std::string& error = {},
                     int status = 200);
  WebResponse summary(WebRequest& request);
  WebResponse create(WebRequest& request);
  WebResponse detail(WebRequest& request);
  WebResponse progress(WebRequest& request);
  WebResponse act(WebRequest& request, const std::string& action);

  std::string rowsHtml(const WebRequest& request);
  std::string progressHtml(const WebRequest& request, const db::CampaignRecord& c);
  // The wizard's summary: how many the selection has now, a sample of the text for its first
  // row, and what each message and all of them cost.
  std::string summaryHtml(const WebRequest& request);

  SiteServices& services_;
  const PageRenderer& renderer_;
};

}  // namespace pigeon::web
