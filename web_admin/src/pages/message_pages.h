#pragma once
// "/messages": the latest messages with filters (status, number, since a date), paged newest
// first; one message with its timeline; and a send-test form that shows encoding, parts and
// cost before sending. Numbers are masked and texts hidden for callers without
// view_personal_data, exactly as in the API.

#include "page_renderer.h"
#include "repositories/message_records.h"
#include "site_routes.h"
#include "site_services.h"

namespace pigeon::web {

class MessagePages {
public:
  MessagePages(SiteServices& services, const PageRenderer& renderer)
      : services_(services), renderer_(renderer) {}
  void addRoutes(SiteRoutes& routes);

private:
  WebResponse list(WebRequest& request);
  WebResponse show(WebRequest& request);
  WebResponse sendForm(WebRequest& request);
  WebResponse send(WebRequest& request);
  WebResponse preview(WebRequest& request);  // the fragment the page's script asks for
  WebResponse requeue(WebRequest& request);  // a failed message, sent again

  // The message named in the path, if the caller may see it; ApiError 404 otherwise.
  db::MessageRecord visibleMessage(const WebRequest& request);
  WebResponse renderSendForm(WebRequest& request, Data data, int status);

  SiteServices& services_;
  const PageRenderer& renderer_;
};

}  // namespace pigeon::web
