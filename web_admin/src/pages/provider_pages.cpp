#include "pages/provider_pages.h"

#include <cstdio>

#include "api/api_types.h"

namespace pigeon::web {

namespace {

std::string decimal(double v, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, v);
  return buffer;
}

}  // namespace

void ProviderPages::addRoutes(SiteRoutes& routes) {
  using A = SiteRoute::Access;
  const std::string right = "manage_providers";
  routes.push_back({"GET", "/providers", A::kSignedIn, right, [this](auto& r) { return list(r); }});
  routes.push_back(
      {"GET", "/providers/new", A::kSignedIn, right, [this](auto& r) { return newForm(r); }});
  routes.push_back({"POST", "/providers", A::kSignedIn, right, [this](auto& r) { return add(r); }});
  routes.push_back({"GET", "/providers/{name}/edit", A::kSignedIn, right,
                    [this](auto& r) { return editForm(r); }});
  routes.push_back(
      {"POST", "/providers/{name}", A::kSignedIn, right, [this](auto& r) { return update(r); }});
  routes.push_back({"POST", "/providers/{name}/remove", A::kSignedIn, right,
                    [this](auto& r) { return remove(r); }});
  routes.push_back({"POST", "/providers/{name}/default", A::kSignedIn, right,
                    [this](auto& r) { return makeDefault(r); }});
}

WebResponse ProviderPages::list(WebRequest& request) {
  Data rows = web::list();
  for (const auto& row : services_.providerAdmin.list()) {
    const auto& p = *row.instance;
    Data d;
    d.set("name", p.name());
    d.set("plugin", p.plugin());
    d.set("state", p.stateName());
    if (p.state() == host::ProviderInstance::State::kFailed) d.set("failure", p.failure());
    if (row.balance)
      d.set("balance", decimal(row.balance.value().amount, 2) + " " + row.balance.value().currency);
    else
      d.set("balanceError", row.balance.status().message());
    d.set("throughput", decimal(row.throughput, 1));
    d.set("submits", text(static_cast<long long>(p.submits())));
    d.set("errors", text(static_cast<long long>(p.errors())));
    if (row.isDefault) d.set("isDefault", true);
    if (row.fromFile) d.set("fromFile", true);
    rows.push_back(d);
  }
  Data data;
  data.set("instances", rows);
  return renderer_.page(request, "providers", "Providers", data);
}

sdk::ConfigSchema ProviderPages::formSchema(const std::string& plugin) const {
  auto schema = services_.plugins.schema(plugin);
  for (const auto& f : host::ProviderAdmin::instanceSchema()) schema.push_back(f);
  return schema;
}

WebResponse ProviderPages::form(WebRequest& request, const std::string& plugin,
                                const std::string& name, bool editing, FormState state,
                                int status) {
  Data data;
  data.set("plugin", plugin);
  data.set("name", name);
  if (editing) data.set("editing", true);
  if (state.errorField == "name") data.set("nameError", state.errorText);
  if (!state.errorText.empty()) data.set("error", state.errorText);
  data.set("fields", schemaFields(formSchema(plugin), state));
  return renderer_.page(request, "provider_form",
                        editing ? "Edit " + name : "Add a " + plugin + " instance", data, status);
}

WebResponse ProviderPages::newForm(WebRequest& request) {
  const auto plugin = request.queryValue("plugin");
  if (plugin.empty()) {
    Data plugins = web::list();
    for (const auto& p : services_.plugins.list()) {
      if (!p.loaded || p.kind != "provider") continue;
      Data d;
      d.set("name", p.name);
      d.set("summary", p.summary);
      d.set("version", p.version);
      plugins.push_back(d);
    }
    Data data;
    data.set("plugins", plugins);
    return renderer_.page(request, "provider_choose", "Add a provider instance", data);
  }
  if (!services_.plugins.has(plugin) || services_.plugins.kindOf(plugin) != "provider")
    throw host::ApiError(404, "unknown_plugin", "No loaded provider plugin is named " + plugin);
  return form(request, plugin, "", false, {}, 200);
}

WebResponse ProviderPages::add(WebRequest& request) {
  const auto plugin = request.field("plugin", "Plugin", 200);
  const auto name = request.field("name", "Instance name", 200);
  FormState state;
  try {
    state.values = schemaValues(formSchema(plugin), request);
    services_.providerAdmin.add(request.caller(), name, plugin, state.values);
  } catch (const host::ApiError& e) {
    if (e.status() != 422 && e.status() != 409) throw;
    state.errorField = e.field();
    state.errorText = e.what();
    return form(request, plugin, name, false, state, e.status());
  }
  const auto instance = services_.providers.find(name);
  if (instance && instance->state() == host::ProviderInstance::State::kFailed)
    return WebResponse::redirect(
        "/providers", "Instance " + name + " was added but failed: " + instance->failure());
  return WebResponse::redirect("/providers", "Instance " + name + " added and running.");
}

WebResponse ProviderPages::editForm(WebRequest& request) {
  const auto& name = request.params.at(0);
  if (services_.providerAdmin.fromFile(name))
    throw host::ApiError(
        409, "from_config_file",
        "Instance " + name + " comes from the config file; change it there and restart pigeond");
  FormState state;
  state.values = services_.providerAdmin.storedSettings(name);
  state.secretsStored = true;
  return form(request, services_.providerAdmin.pluginOf(name), name, true, state, 200);
}

WebResponse ProviderPages::update(WebRequest& request) {
  const auto& name = request.params.at(0);
  const auto plugin = services_.providerAdmin.pluginOf(name);
  FormState state;
  state.secretsStored = true;
  try {
    state.values = schemaValues(formSchema(plugin), request);
    services_.providerAdmin.update(request.caller(), name, state.values);
  } catch (const host::ApiError& e) {
    if (e.status() != 422) throw;
    state.errorField = e.field();
    state.errorText = e.what();
    return form(request, plugin, name, true, state, 422);
  }
  return WebResponse::redirect("/providers", "Instance " + name + " saved and restarted.");
}

WebResponse ProviderPages::remove(WebRequest& request) {
  const auto& name = request.params.at(0);
  services_.providerAdmin.remove(request.caller(), name);
  return WebResponse::redirect("/providers", "Instance " + name + " removed.");
}

WebResponse ProviderPages::makeDefault(WebRequest& request) {
  const auto& name = request.params.at(0);
  services_.providerAdmin.setDefault(request.caller(), name);
  return WebResponse::redirect("/providers", "Instance " + name + " is now the default.");
}

}  // namespace pigeon::web
