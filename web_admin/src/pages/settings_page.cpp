#include "pages/settings_page.h"

#include "api/api_types.h"
#include "form_fields.h"

namespace pigeon::web {

namespace {

const std::map<std::string, std::string> kLabels{
    {"phone.default_region", "Default region"},
    {"retry.max_attempts", "Attempts before giving up"},
    {"retry.backoff_ms", "First retry after (ms)"},
    {"retry.max_backoff_ms", "Longest retry wait (ms)"},
    {"quiet.start", "Quiet hours start"},
    {"quiet.end", "Quiet hours end"},
};

}  // namespace

void SettingsPage::addRoutes(SiteRoutes& routes) {
  using A = SiteRoute::Access;
  routes.push_back({"GET", "/settings", A::kSignedIn, "manage_providers", [this](auto& r) {
                      return show(r, services_.settings.current(), "", "", 200);
                    }});
  routes.push_back(
      {"POST", "/settings", A::kSignedIn, "manage_providers", [this](auto& r) { return save(r); }});
}

WebResponse SettingsPage::show(WebRequest& request, std::map<std::string, std::string> values,
                               const std::string& errorField, const std::string& error,
                               int status) {
  FormState state{std::move(values), kLabels, errorField, error, false};
  Data data;
  data.set("fields", schemaFields(host::SettingsAdmin::schema(), state));
  if (!error.empty()) data.set("error", error);
  return renderer_.page(request, "settings", "Settings", data, status);
}

WebResponse SettingsPage::save(WebRequest& request) {
  const auto& schema = host::SettingsAdmin::schema();
  std::map<std::string, std::string> values;
  try {
    values = schemaValues(schema, request);
    services_.settings.save(request.caller(), values);
  } catch (const host::ApiError& e) {
    if (e.status() != 422) throw;
    return show(request, values, e.field(), e.what(), 422);
  }
  return WebResponse::redirect("/settings", "Settings saved; they apply from now on.");
}

}  // namespace pigeon::web
