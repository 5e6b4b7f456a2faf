#pragma once
// "/reminders": the reminder rules (an appointment texted 72 h, 24 h and 2 h before it...) with
// a form to add one and buttons to turn one off or on and to delete it, and the day's queue:
// per branch, how many reminders are to come, held by quiet hours, sent and skipped, and each
// one by due time. Through ReminderService, as /api/v1/reminder-rules and /api/v1/reminders:
// view_bulk to see, send_bulk to change (a rule sends as the one who saves it).

#include "page_renderer.h"
#include "site_routes.h"
#include "site_services.h"

namespace pigeon::web {

class ReminderPages {
public:
  ReminderPages(SiteServices& services, const PageRenderer& renderer)
      : services_(services), renderer_(renderer) {}
  void addRoutes(SiteRoutes& routes);

private:
  WebResponse show(WebRequest& request, const std::string& error = {}, int status = 200);
  WebResponse create(WebRequest& request);
  WebResponse toggle(WebRequest& request);
  WebResponse remove(WebRequest& request);

  // The day's queue ("YYYY-MM-DD", empty: today) for the template's "queue" section.
  Data queueData(const std::string& date);

  SiteServices& services_;
  const PageRenderer& renderer_;
};

}  // namespace pigeon::web
