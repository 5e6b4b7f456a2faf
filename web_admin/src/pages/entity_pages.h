#pragma once
// "/entities": the entity types the plugins declare; "/entities/<type>": its rows, newest
// first, searched by the start of their display field (or by phone number), paged; one row with
// every field and links to the rows it refers to. With manage_entities, a CSV file is imported
// there (the same EntityImports as POST /api/v1/entities/<type>/import) and its progress
// followed on "/entities/<type>/imports/<id>": a bar, the counts, and every bad row by line and
// column. Phone numbers are masked for callers without view_personal_data, as in the API.

#include "page_renderer.h"
#include "site_routes.h"
#include "site_services.h"

namespace pigeon::web {

class EntityPages {
public:
  // A file up to the API's import limit; a form's 1 MiB would stop most CRM exports.
  static constexpr std::size_t kMaxImportBytes = 256u << 20;

  EntityPages(SiteServices& services, const PageRenderer& renderer)
      : services_(services), renderer_(renderer) {}
  void addRoutes(SiteRoutes& routes);

private:
  WebResponse types(WebRequest& request);
  WebResponse browse(WebRequest& request, const std::string& importError = {}, int status = 200);
  WebResponse row(WebRequest& request);

  // entity_import_pages.cpp
  WebResponse startImport(WebRequest& request);
  WebResponse importPage(WebRequest& request);
  WebResponse importProgress(WebRequest& request);  // the fragment the page's script polls
  std::string progressHtml(const host::ImportProgress& progress) const;
  Data recentImports(const std::string& type) const;
  // The import named in the path, of the type named there; ApiError 404.
  host::ImportProgress importOf(const WebRequest& request) const;

  const entity::EntityType& typeOf(const WebRequest& request) const;

  SiteServices& services_;
  const PageRenderer& renderer_;
};

}  // namespace pigeon::web
