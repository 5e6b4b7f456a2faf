#pragma once
// /api/v1/templates: message templates over an entity type, and their preview for one row
// (the text, the number, encoding, parts, route and cost). Reading needs view_single,
// changing manage_templates.

#include "api/messages_api.h"
#include "api/router.h"
#include "api/routes_api.h"
#include "templates/template_service.h"

namespace pigeon::host {

class TemplatesApi {
public:
  TemplatesApi(TemplateService& templates, const MessagesApi& messages, const RoutesApi& routes)
      : templates_(templates), messages_(messages), routes_(routes) {}
  void registerRoutes(Router& router);

private:
  ApiResponse list(ApiRequest& request);
  ApiResponse get(ApiRequest& request);
  ApiResponse create(ApiRequest& request);
  ApiResponse update(ApiRequest& request);
  ApiResponse remove(ApiRequest& request);
  ApiResponse preview(ApiRequest& request);
  ApiResponse previewDraft(ApiRequest& request);
  ApiResponse previewAnswer(const RenderedMessage& rendered, const ApiRequest& request) const;

  TemplateService& templates_;
  const MessagesApi& messages_;
  const RoutesApi& routes_;
};

}  // namespace pigeon::host
