#include "pages/template_pages.h"

#include "api/json_util.h"
#include "pages/entity_type_options.h"
#include "pages/text_preview.h"
#include "pages/utc_offset_field.h"

namespace pigeon::web {

namespace {

const char* const kFormFields[] = {"name", "entity_type", "locale", "utc_offset", "body", "row"};

// The form as TemplateService takes it. ApiError 422 naming the field.
db::TemplateRecord templateOf(const WebRequest& request) {
  db::TemplateRecord t;
  t.name = request.field("name", "Name", 100);
  t.entityType = request.field("entity_type", "Entity type", 64);
  t.body = request.field("body", "Text", 10000);
  t.locale = request.field("locale", "Locale", 16);
  if (t.locale.empty()) t.locale = "en";
  t.utcOffsetMinutes = utcOffsetField(request);
  return t;
}

}  // namespace

void TemplatePages::addRoutes(SiteRoutes& routes) {
  using A = SiteRoute::Access;
  routes.push_back({"GET", "/templates", A::kSignedIn, "view_single",
                    [this](auto& r) { return show(r, Data(), "", "", 200); }});
  routes.push_back({"POST", "/templates", A::kSignedIn, "manage_templates",
                    [this](auto& r) { return submit(r); }});
  // Before /templates/{id}/...: "preview" is not an id.
  routes.push_back({"POST", "/templates/preview", A::kSignedIn, "view_single",
                    [this](auto& r) { return preview(r); }});
  routes.push_back({"POST", "/templates/{id}/delete", A::kSignedIn, "manage_templates",
                    [this](auto& r) { return remove(r); }});
}

// The template as typed, rendered on the row given: its text (to view_personal_data only: it
// holds the row's data), encoding, parts and cost; or what keeps it from rendering.
std::string TemplatePages::previewHtml(const WebRequest& request) {
  Data d;
  try {
    const auto t = templateOf(request);
    const auto row = host::parseId(request.field("row"));
    if (!row) {
      d.set("problem", "Give the id of a " + t.entityType + " row to preview the template on it.");
      return renderer_.fragment("template_preview", d);
    }
    const auto rendered = services_.templates.renderDraft(t, {t.entityType, *row, ""});
    d = textPreview(services_, rendered.text, "");
    if (request.caller().can("view_personal_data")) {
      d.set("text", rendered.text);
      if (!rendered.to.empty()) d.set("to", rendered.to);
    }
    if (rendered.to.empty()) d.set("noNumber", true);
  } catch (const host::ApiError& e) {
    if (e.status() != 422 && e.status() != 404) throw;
    d.set("problem", std::string(e.what()));
  }
  return renderer_.fragment("template_preview", d);
}

WebResponse TemplatePages::show(WebRequest& request, Data form, const std::string& previewHtml,
                                const std::string& error, int status) {
  Data rows = list();
  for (const auto& t : services_.templates.list()) {
    Data d;
    d.set("id", std::to_string(t.id));
    d.set("name", t.name);
    d.set("entityType", t.entityType);
    d.set("locale", t.locale);
    d.set("utcOffset", host::formatUtcOffset(t.utcOffsetMinutes));
    d.set("body", t.body);
    rows.push_back(d);
  }
  const auto chosen = form.get("entity_type") ? form.get("entity_type")->string_value() : "";
  Data data;
  data.set("templates", rows);
  data.set("types", entityTypeOptions(services_.entities, chosen));
  for (const char* field : kFormFields)
    if (const auto* v = form.get(field)) data.set(std::string("f_") + field, v->string_value());
  if (!form.get("locale")) data.set("f_locale", std::string("en"));
  if (!form.get("utc_offset")) data.set("f_utc_offset", std::string("+00:00"));
  if (!previewHtml.empty()) data.set("previewHtml", previewHtml);
  if (!error.empty()) data.set("error", error);
  return renderer_.page(request, "templates", "Templates", data, status);
}

// "Preview" renders the template as typed on the row; "Save" saves it.
WebResponse TemplatePages::submit(WebRequest& request) {
  Data form;
  for (const char* field : kFormFields) form.set(field, request.field(field));
  if (request.field("action") == "preview")
    return show(request, form, previewHtml(request), "", 200);
  try {
    const auto saved = services_.templates.create(templateOf(request));
    return WebResponse::redirect("/templates", "Template " + saved.name + " saved.");
  } catch (const host::ApiError& e) {
    if (e.status() != 422 && e.status() != 409) throw;
    return show(request, form, "", e.what(), 422);
  }
}

WebResponse TemplatePages::preview(WebRequest& request) {
  WebResponse out;
  out.body = previewHtml(request);
  return out;
}

WebResponse TemplatePages::remove(WebRequest& request) {
  const auto id = host::parseId(request.params.at(0));
  if (!id) throw host::ApiError(404, "not_found", "no template " + request.params.at(0));
  try {
    services_.templates.remove(*id);
  } catch (const host::ApiError& e) {
    if (e.status() != 409) throw;
    return WebResponse::redirect("/templates", e.what());
  }
  return WebResponse::redirect("/templates", "Template deleted.");
}

}  // namespace pigeon::web
