#include "plugins/plugin_registry.h"

#include <boost/dll/shared_library.hpp>

#include <algorithm>
#include <array>
#include <cstdlib>

#include "pigeon/sdk/entity/entity_factory.h"
#include "pigeon/sdk/keyword/keyword_factory.h"
#include "pigeon/sdk/provider/provider_factory.h"
#include "pigeon/sdk/version.h"
#include "plugins/call_within.h"
#include "plugins/guarded_call.h"

namespace pigeon::host {

namespace {

struct KindRow {
  sdk::PluginKind kind;
  const char* name;
};
constexpr std::array<KindRow, 4> kKinds{{{sdk::PluginKind::kProvider, "provider"},
                                         {sdk::PluginKind::kKeyword, "keyword"},
                                         {sdk::PluginKind::kEntity, "entity"},
                                         {sdk::PluginKind::kReport, "report"}}};

const char* kindName(sdk::PluginKind kind) {
  for (const auto& row : kKinds)
    if (row.kind == kind) return row.name;
  return nullptr;
}

std::string majorOf(const std::string& version) { return version.substr(0, version.find('.')); }

// The SDK minor version a kind first appeared in: an older plugin of that kind has a factory
// of some other shape.
struct KindSince {
  sdk::PluginKind kind;
  int minor;
};
constexpr std::array<KindSince, 2> kKindSince{
    {{sdk::PluginKind::kEntity, 3}, {sdk::PluginKind::kKeyword, 4}}};

int sdkMinor(const std::string& version) {
  if (version.rfind("0.", 0) != 0) return 1000;  // 1.x and later have every kind
  return std::atoi(version.c_str() + 2);
}

// A reverse-DNS name: at least two dot-separated labels of [a-z0-9_-].
bool isValidName(const std::string& name) {
  if (name.empty() || name.size() > 128 || name.find('.') == std::string::npos) return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
           ch == '-';
  });
}

}  // namespace

PluginRegistry::PluginRegistry() = default;
PluginRegistry::~PluginRegistry() = default;

void PluginRegistry::scan(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".so") files.push_back(entry.path());
  if (ec) {
    std::lock_guard lock(mutex_);
    rows_.push_back(
        {dir.string(), "", "", "", "", "", false, "cannot read plugin folder: " + ec.message()});
    return;
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) load(f);
}

PluginInfo PluginRegistry::load(const std::filesystem::path& file) {
  PluginInfo row;
  row.file = file.string();
  auto refuse = [&](std::string reason) {
    row.loaded = false;
    row.reason = std::move(reason);
    std::lock_guard lock(mutex_);
    rows_.push_back(row);
    return row;
  };

  Loaded entry;
  entry.file = row.file;
  try {
    entry.library = std::make_shared<boost::dll::shared_library>(
        file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    return refuse(std::string("not a loadable library: ") + e.what());
  }
  if (!entry.library->has(sdk::kDescriptorSymbol))
    return refuse(std::string("not a Pigeon plugin: no '") + sdk::kDescriptorSymbol + "' symbol");

  const auto& d = entry.library->get_alias<const sdk::PluginDescriptor>(sdk::kDescriptorSymbol);
  // Only the first field may be read before the ABI matches.
  if (d.abiVersion != sdk::kAbiVersion)
    return refuse("built for plugin ABI " + std::to_string(d.abiVersion) +
                  ", this host speaks ABI " + std::to_string(sdk::kAbiVersion));
  if (d.stdlibAbi != sdk::kStdlibAbi)
    return refuse("built against another C++ standard library ABI (" + std::to_string(d.stdlibAbi) +
                  ", this host: " + std::to_string(sdk::kStdlibAbi) + ")");
  entry.descriptor = &d;
  row.name = d.name ? d.name : "";
  row.version = d.version ? d.version : "";
  row.sdkVersion = d.sdkVersion ? d.sdkVersion : "";
  row.summary = d.summary ? d.summary : "";
  const char* kind = kindName(d.kind);
  row.kind = kind ? kind : "unknown";
  if (!kind) return refuse("unknown plugin kind " + std::to_string(static_cast<int>(d.kind)));
  if (!isValidName(row.name))
    return refuse("plugin name '" + row.name +
                  "' is not a reverse-DNS name such as pigeon.provider.smpp");
  if (majorOf(row.sdkVersion) != majorOf(sdk::kSdkVersion))
    return refuse("built with SDK " + row.sdkVersion + ", this host has SDK " + sdk::kSdkVersion);
  if (!d.factory) return refuse("descriptor has no factory");
  for (const auto& since : kKindSince)
    if (d.kind == since.kind && sdkMinor(row.sdkVersion) < since.minor)
      return refuse(row.kind + " plugins need SDK 0." + std::to_string(since.minor) +
                    " or later; this one was built with " + row.sdkVersion);
  if (auto other = loadedFrom(row.name); !other.empty())
    return refuse("duplicate plugin name '" + row.name + "', already loaded from " + other);
  try {
    entry.factory = &d.factory();
    entry.schema = entry.factory->schema();
    if (d.kind == sdk::PluginKind::kEntity)
      entry.entityType = static_cast<const sdk::EntityFactory*>(entry.factory)->type();
  } catch (const std::exception& e) {
    return refuse(std::string("factory threw: ") + e.what());
  } catch (...) {
    return refuse("factory threw a non-standard exception");
  }

  row.loaded = true;
  std::lock_guard lock(mutex_);
  loaded_.push_back(std::move(entry));
  rows_.push_back(row);
  return row;
}

std::vector<PluginInfo> PluginRegistry::list() const {
  std::lock_guard lock(mutex_);
  return rows_;
}

const PluginRegistry::Loaded* PluginRegistry::findLoaded(const std::string& name) const {
  for (const auto& l : loaded_)
    if (name == l.descriptor->name) return &l;
  return nullptr;
}

std::string PluginRegistry::loadedFrom(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto* l = findLoaded(name);
  return l ? l->file : "";
}

bool PluginRegistry::has(const std::string& name) const {
  std::lock_guard lock(mutex_);
  return findLoaded(name) != nullptr;
}

sdk::ConfigSchema PluginRegistry::schema(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto* l = findLoaded(name);
  return l ? l->schema : sdk::ConfigSchema{};
}

std::string PluginRegistry::kindOf(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto* l = findLoaded(name);
  return l ? kindName(l->descriptor->kind) : "";
}

std::vector<DeclaredEntity> PluginRegistry::entityTypes() const {
  std::lock_guard lock(mutex_);
  std::vector<DeclaredEntity> out;
  for (const auto& l : loaded_)
    if (l.descriptor->kind == sdk::PluginKind::kEntity)
      out.push_back({l.descriptor->name, l.entityType});
  return out;
}

void PluginRegistry::refuseLoaded(const std::string& name, const std::string& reason) {
  std::lock_guard lock(mutex_);
  for (auto& row : rows_)
    if (row.loaded && row.name == name) {
      row.loaded = false;
      row.reason = reason;
    }
  // Its library may unload: the host kept copies of the declaration, nothing that points in.
  std::erase_if(loaded_, [&](const Loaded& l) { return name == l.descriptor->name; });
}

sdk::Result<std::shared_ptr<sdk::Provider>> PluginRegistry::createProvider(
    const std::string& name, const sdk::ConfigValues& config,
    std::shared_ptr<sdk::HostContext> host, std::chrono::milliseconds timeout) const {
  std::shared_ptr<boost::dll::shared_library> library;
  const sdk::ProviderFactory* factory = nullptr;
  {
    std::lock_guard lock(mutex_);
    auto* l = findLoaded(name);
    if (!l) return sdk::Status::invalidArgument("no loaded plugin named '" + name + "'");
    if (l->descriptor->kind != sdk::PluginKind::kProvider)
      return sdk::Status::invalidArgument("plugin '" + name + "' is not a provider plugin");
    library = l->library;
    factory = static_cast<const sdk::ProviderFactory*>(l->factory);
  }
  using Created = sdk::Result<std::unique_ptr<sdk::Provider>>;
  // The call owns the library and the host context: a factory that returns late still finds
  // both alive.
  auto created = callWithin<Created>(timeout, [library, factory, config, host, name]() -> Created {
    return guardedCall(name + " factory",
                       [&]() -> Created { return factory->create(config, *host); });
  });
  if (!created)
    return sdk::Status::internal(name + " factory did not return within " +
                                 std::to_string(timeout.count()) + " ms");
  if (!*created) return created->status();
  if (!created->value()) return sdk::Status::internal(name + " factory returned no provider");
  // The deleter owns the library: the provider's code stays mapped while the object lives.
  return std::shared_ptr<sdk::Provider>(created->value().release(),
                                        [library](sdk::Provider* p) { delete p; });
}

sdk::Result<std::shared_ptr<sdk::keyword::KeywordHandler>> PluginRegistry::createKeywordHandler(
    const std::string& name, const sdk::ConfigValues& settings) const {
  std::shared_ptr<boost::dll::shared_library> library;
  const sdk::KeywordFactory* factory = nullptr;
  {
    std::lock_guard lock(mutex_);
    auto* l = findLoaded(name);
    if (!l) return sdk::Status::invalidArgument("no loaded plugin named '" + name + "'");
    if (l->descriptor->kind != sdk::PluginKind::kKeyword)
      return sdk::Status::invalidArgument("plugin '" + name + "' is not a keyword plugin");
    library = l->library;
    factory = static_cast<const sdk::KeywordFactory*>(l->factory);
  }
  using Created = sdk::Result<std::unique_ptr<sdk::keyword::KeywordHandler>>;
  auto created =
      guardedCall(name + " factory", [&]() -> Created { return factory->create(settings); });
  if (!created) return created.status();
  if (!created.value()) return sdk::Status::internal(name + " factory returned no handler");
  return std::shared_ptr<sdk::keyword::KeywordHandler>(
      created.value().release(), [library](sdk::keyword::KeywordHandler* h) { delete h; });
}

std::vector<std::string> PluginRegistry::keywordDefaults(const std::string& name,
                                                         const sdk::ConfigValues& settings) const {
  std::lock_guard lock(mutex_);
  auto* l = findLoaded(name);
  if (!l || l->descriptor->kind != sdk::PluginKind::kKeyword) return {};
  try {
    return static_cast<const sdk::KeywordFactory*>(l->factory)->defaultKeywords(settings);
  } catch (...) {
    return {};  // a plugin that throws here offers no words; its rule must list them
  }
}

}  // namespace pigeon::host
