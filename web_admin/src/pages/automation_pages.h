#pragma once
// "/automations": the rules "when a row of type T is created or changed and the criteria hold,
// send template X to field F", with a form to add one, and buttons to turn one off or on and
// to delete it; "/automations/<id>": one changed. Through AutomationRules, as /api/v1/automations:
// manage_rules to see and change them, and send_bulk to save one (whoever saves it becomes its
// author, whose messages they are).

#include "page_renderer.h"
#include "site_routes.h"
#include "site_services.h"

namespace pigeon::web {

class AutomationPages {
public:
  AutomationPages(SiteServices& services, const PageRenderer& renderer)
      : services_(services), renderer_(renderer) {}
  void addRoutes(SiteRoutes& routes);

private:
  // What the form shows: the automation as stored, or as posted beside its error.
  struct FormValues {
    std::string name, entityType, trigger = "created", fields, criteria = "{}", templateName,
                                  toField, from;
    bool enabled = true;
  };
  static FormValues posted(const WebRequest& request);

  WebResponse show(WebRequest& request, const std::string& error = {}, int status = 200);
  WebResponse edit(WebRequest& request, const std::string& error = {}, int status = 200);
  WebResponse create(WebRequest& request);
  WebResponse update(WebRequest& request);
  WebResponse toggle(WebRequest& request);
  WebResponse remove(WebRequest& request);

  // The add/change form, from an automation as stored or as posted beside its error.
  std::string formHtml(const WebRequest& request, const FormValues& values,
                       const std::string& action, bool editing, const std::string& error) const;
  // The posted form as AutomationRules takes it; ApiError 422/404 naming the field.
  db::AutomationRecord recordOf(const WebRequest& request);

  SiteServices& services_;
  const PageRenderer& renderer_;
};

}  // namespace pigeon::web
