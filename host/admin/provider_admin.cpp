#include "admin/provider_admin.h"

#include <Poco/Logger.h>

#include <algorithm>

#include "admin/audit_log.h"
#include "api/api_types.h"
#include "config/schema_validator.h"
#include "outbox/clock.h"
#include "repositories/provider_config_repository.h"
#include "repositories/settings_repository.h"

namespace pigeon::host {

namespace {

constexpr const char* kDefaultSetting = "providers.default";

bool instanceNameCharacter(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         ch == '_' || ch == '-';
}

void checkInstanceName(const std::string& name) {
  if (name.empty() || name.size() > 64 ||
      !std::all_of(name.begin(), name.end(), instanceNameCharacter))
    throw ApiError(422, "invalid_name", "Instance name must be 1 to 64 letters, digits, '_' or '-'",
                   "name");
  // PUT /api/v1/providers/default sets the default: an instance of that name could not be
  // told apart from it.
  if (name == "default")
    throw ApiError(422, "invalid_name", "Instance name 'default' is reserved", "name");
}

}  // namespace

const sdk::ConfigSchema& ProviderAdmin::instanceSchema() {
  static const sdk::ConfigSchema table{
      sdk::ConfigField::decimal("price_per_part",
                                "What one SMS part costs through this instance, for the cost "
                                "shown before sending")
          .defaultsTo("0")
          .range(0, 1000000),
      sdk::ConfigField::string("callback_secret",
                               "Secret the provider's servers must send with each callback to "
                               "/callbacks/<instance> (query parameter secret or header "
                               "X-Pigeon-Secret); callbacks are refused while it is empty")
          .defaultsTo("")
          .markSecret(),
  };
  return table;
}

namespace {

// A field every instance has, kept by the host rather than the plugin.
bool isHostField(const std::string& name) {
  const auto& schema = ProviderAdmin::instanceSchema();
  return std::any_of(schema.begin(), schema.end(), [&](const auto& f) { return f.name == name; });
}

}  // namespace

ProviderAdmin::Checked ProviderAdmin::check(const std::string& plugin,
                                            const std::map<std::string, std::string>& raw) const {
  std::map<std::string, std::string> hostRaw, pluginRaw;
  for (const auto& [k, v] : raw) {
    const bool hostField = isHostField(k);
    (hostField ? hostRaw : pluginRaw)[k] = v;
  }
  Checked out;
  auto pluginChecked = validateConfig(plugins_.schema(plugin), pluginRaw);
  auto hostChecked = validateConfig(instanceSchema(), hostRaw);
  for (const auto* v : {&pluginChecked, &hostChecked})
    if (!v->ok() && out.errorField.empty()) {
      out.errorField = v->errors.front().field;
      out.error = v->errors.front().message;
    }
  if (!out.errorField.empty()) return out;
  out.plugin = pluginChecked.values;
  out.pricePerPart = hostChecked.values.getDecimal("price_per_part");
  out.callbackSecret = hostChecked.values.getString("callback_secret");
  return out;
}

ProviderAdmin::ProviderAdmin(PluginRegistry& plugins, ProviderSet& providers,
                             ProviderEvents& events, db::ConnectionPool& pool,
                             std::chrono::milliseconds pluginTimeout)
    : plugins_(plugins),
      providers_(providers),
      events_(events),
      pool_(pool),
      timeout_(pluginTimeout) {}

ProviderAdmin::Built ProviderAdmin::build(const std::string& name, const std::string& plugin,
                                          const Checked& checked) {
  auto instance = std::make_shared<ProviderInstance>(name, plugin, events_);
  instance->setPricePerPart(checked.pricePerPart);
  instance->setCallbackSecret(checked.callbackSecret);
  auto created = plugins_.createProvider(plugin, checked.plugin, instance, timeout_);
  if (!created) {
    // A broken instance does not stop the host: it shows as failed, with the reason.
    instance->markFailed(created.status().message());
    Poco::Logger::get("pigeond").error("provider instance %s (%s) failed: %s", name, plugin,
                                       created.status().message());
    return {instance, nullptr};
  }
  return {instance, created.value()};
}

void ProviderAdmin::load(const HostConfig& config) {
  for (const auto& p : config.providers) {
    const auto key = "provider." + p.instance + ".";
    if (!plugins_.has(p.plugin))
      throw ConfigError("config key '" + key + "plugin': no loaded plugin named '" + p.plugin +
                        "' (see the plugin list for refused files)");
    if (plugins_.kindOf(p.plugin) != "provider")
      throw ConfigError("config key '" + key + "plugin': '" + p.plugin +
                        "' is not a provider plugin");
    auto checked = check(p.plugin, p.settings);
    if (!checked.errorField.empty())
      throw ConfigError("config key '" + key + checked.errorField + "' " + checked.error);
    fileNames_.insert(p.instance);
    auto built = build(p.instance, p.plugin, checked);
    providers_.add(built.instance);
    pending_.push_back(std::move(built));
  }

  std::vector<db::StoredProviderInstance> stored;
  std::string storedDefault;
  {
    auto c = pool_.acquire();
    stored = db::ProviderConfigRepository().list(*c);
    auto settings = db::SettingsRepository().all(*c);
    storedDefault = settings.count(kDefaultSetting) ? settings[kDefaultSetting] : "";
  }
  auto& logger = Poco::Logger::get("pigeond");
  for (const auto& s : stored) {
    if (fileNames_.count(s.name)) {
      logger.error("provider instance %s is in the config file and in the store; the file wins",
                   s.name);
      continue;
    }
    auto instance = std::make_shared<ProviderInstance>(s.name, s.plugin, events_);
    auto checked = check(s.plugin, s.settings);
    if (!plugins_.has(s.plugin) || plugins_.kindOf(s.plugin) != "provider") {
      instance->markFailed("no loaded provider plugin named '" + s.plugin + "'");
      providers_.add(instance);
    } else if (!checked.errorField.empty()) {
      instance->markFailed("setting '" + checked.errorField + "' " + checked.error);
      providers_.add(instance);
    } else {
      auto built = build(s.name, s.plugin, checked);
      providers_.add(built.instance);
      pending_.push_back(std::move(built));
    }
  }
  const auto chosen = !storedDefault.empty() && providers_.find(storedDefault)
                          ? storedDefault
                          : config.defaultProvider;
  if (!chosen.empty()) providers_.setDefault(chosen);
}

void ProviderAdmin::startNow(Built built) {
  if (!built.provider) return;
  auto status = built.instance->attach(std::move(built.provider));
  if (!status.isOk())
    Poco::Logger::get("pigeond").error("provider instance %s did not start: %s",
                                       built.instance->name(), status.message());
}

void ProviderAdmin::startLoaded() {
  for (auto& built : pending_) startNow(std::move(built));
  pending_.clear();
}

std::vector<ProviderRow> ProviderAdmin::list() {
  const auto defaultName = providers_.defaultName();
  std::vector<ProviderRow> rows;
  for (auto& instance : providers_.all()) {
    ProviderRow row;
    row.fromFile = fromFile(instance->name());
    row.isDefault = instance->name() == defaultName;
    row.balance = instance->cachedBalance(timeout_);
    row.throughput = instance->throughput();
    row.instance = std::move(instance);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::map<std::string, std::string> ProviderAdmin::storedSettings(const std::string& name) {
  auto c = pool_.acquire();
  for (auto& s : db::ProviderConfigRepository().list(*c))
    if (s.name == name) return s.settings;
  throw ApiError(404, "not_found", "no admin-made provider instance '" + name + "'");
}

std::string ProviderAdmin::pluginOf(const std::string& name) {
  auto instance = providers_.find(name);
  if (!instance) throw ApiError(404, "not_found", "no provider instance '" + name + "'");
  return instance->plugin();
}

ProviderAdmin::Checked ProviderAdmin::validated(
    const std::string& plugin, const std::map<std::string, std::string>& raw) const {
  auto checked = check(plugin, raw);
  if (!checked.errorField.empty())
    throw ApiError(422, "invalid_setting", checked.errorField + ": " + checked.error,
                   checked.errorField);
  return checked;
}

std::map<std::string, std::string> ProviderAdmin::auditable(
    const std::string& plugin, std::map<std::string, std::string> raw) const {
  // Without the plugin's schema nobody knows which fields are secret: then every plugin
  // field is hidden, and only the host's own fields are shown.
  const bool known = plugins_.has(plugin);
  const auto schema = plugins_.schema(plugin);
  for (auto& [name, value] : raw) {
    const bool hostField = isHostField(name);
    const bool secret = std::any_of(schema.begin(), schema.end(),
                                    [&](const auto& f) { return f.name == name && f.secret; });
    if (secret || (!known && !hostField)) value = "(secret)";
  }
  raw["plugin"] = plugin;
  return raw;
}

void ProviderAdmin::add(const Caller& who, const std::string& name, const std::string& plugin,
                        const std::map<std::string, std::string>& raw) {
  checkInstanceName(name);
  if (!plugins_.has(plugin) || plugins_.kindOf(plugin) != "provider")
    throw ApiError(422, "unknown_plugin", "no loaded provider plugin named '" + plugin + "'",
                   "plugin");
  const auto values = validated(plugin, raw);
  std::lock_guard lock(changeMutex_);
  if (providers_.find(name))
    throw ApiError(409, "name_taken", "a provider instance named '" + name + "' already exists",
                   "name");
  {
    auto c = pool_.acquire();
    db::Transaction tx(*c);
    db::ProviderConfigRepository().save(*c, {name, plugin, raw}, nowMs());
    recordAudit(*c, who, "provider.add", name, "", auditJson(auditable(plugin, raw)));
    tx.commit();
  }
  // Started before it joins the set, so no message finds it still starting.
  auto built = build(name, plugin, values);
  auto instance = built.instance;
  startNow(std::move(built));
  providers_.add(instance);
}

void ProviderAdmin::update(const Caller& who, const std::string& name,
                           const std::map<std::string, std::string>& raw) {
  if (fromFile(name))
    throw ApiError(409, "from_config_file",
                   "instance '" + name + "' comes from the config file; change it there");
  std::lock_guard lock(changeMutex_);
  const auto plugin = pluginOf(name);
  // Its schema is what says which fields exist and which are secret: without it an edit
  // would drop the stored settings.
  if (!plugins_.has(plugin))
    throw ApiError(409, "plugin_not_loaded",
                   "plugin '" + plugin + "' of instance '" + name +
                       "' is not loaded; fix the plugin file (see Plugins) or remove the instance");
  const auto before = storedSettings(name);
  auto merged = raw;
  for (const auto& f : plugins_.schema(plugin))
    if (f.secret && (!merged.count(f.name) || merged[f.name].empty()) && before.count(f.name))
      merged[f.name] = before.at(f.name);
  const auto values = validated(plugin, merged);
  {
    auto c = pool_.acquire();
    db::Transaction tx(*c);
    db::ProviderConfigRepository().save(*c, {name, plugin, merged}, nowMs());
    recordAudit(*c, who, "provider.update", name, auditJson(auditable(plugin, before)),
                auditJson(auditable(plugin, merged)));
    tx.commit();
  }
  // The new instance starts, takes the name, and only then the old one stops: messages keep
  // flowing, and none meets an instance that is still starting.
  auto built = build(name, plugin, values);
  auto instance = built.instance;
  startNow(std::move(built));
  auto old = providers_.replace(instance);
  if (old) old->stop();
}

void ProviderAdmin::remove(const Caller& who, const std::string& name) {
  if (fromFile(name))
    throw ApiError(409, "from_config_file",
                   "instance '" + name + "' comes from the config file; remove it there");
  std::lock_guard lock(changeMutex_);
  const auto plugin = pluginOf(name);
  if (providers_.defaultName() == name)
    throw ApiError(409, "is_default",
                   "instance '" + name + "' is the default; make another one default first");
  const auto before = storedSettings(name);
  {
    auto c = pool_.acquire();
    db::Transaction tx(*c);
    db::ProviderConfigRepository().remove(*c, name);
    recordAudit(*c, who, "provider.remove", name, auditJson(auditable(plugin, before)), "");
    tx.commit();
  }
  if (auto old = providers_.remove(name)) old->stop();
}

void ProviderAdmin::setDefault(const Caller& who, const std::string& name) {
  std::lock_guard lock(changeMutex_);
  if (!providers_.find(name))
    throw ApiError(404, "not_found", "no provider instance '" + name + "'");
  const auto before = providers_.defaultName();
  {
    auto c = pool_.acquire();
    db::Transaction tx(*c);
    db::SettingsRepository().put(*c, kDefaultSetting, name);
    recordAudit(*c, who, "provider.default", name, auditJson({{"default", before}}),
                auditJson({{"default", name}}));
    tx.commit();
  }
  providers_.setDefault(name);
}

}  // namespace pigeon::host
