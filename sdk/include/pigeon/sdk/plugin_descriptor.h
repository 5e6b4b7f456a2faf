#pragma once
// The one symbol a plugin exports: what it is, which ABI it was built for, and its factory.
//
// Layout rule: abiVersion stays the first member forever. The host reads it, and nothing
// else, before deciding whether the rest of the struct can be trusted.

#include <cstdint>

#include "pigeon/sdk/plugin_factory.h"
#include "pigeon/sdk/version.h"

namespace pigeon::sdk {

enum class PluginKind : std::uint32_t { kProvider = 1, kKeyword = 2, kEntity = 3, kReport = 4 };

struct PluginDescriptor {
  std::uint32_t abiVersion;  // kAbiVersion when built; MUST stay first
  std::uint32_t stdlibAbi;   // kStdlibAbi when built
  const char* sdkVersion;    // kSdkVersion when built
  PluginKind kind;
  const char* name;     // reverse DNS: "pigeon.provider.simulator"
  const char* version;  // the plugin's own version
  const char* summary;  // one line for the admin's Plugins page
  // Returns the plugin's factory, which lives as long as the library. The kind says which
  // factory interface it implements (kProvider: ProviderFactory).
  const PluginFactory& (*factory)();
};

// The descriptor of a plugin built now, with the versions filled in:
//   extern "C" const PluginDescriptor kDescriptor =
//       describePlugin(PluginKind::kProvider, "com.example.provider.echo", "1.0.0", "Echo",
//       &factory);
//   PIGEON_EXPORT_PLUGIN(kDescriptor)
constexpr PluginDescriptor describePlugin(PluginKind kind, const char* name, const char* version,
                                          const char* summary, const PluginFactory& (*factory)()) {
  return {kAbiVersion, kStdlibAbi, kSdkVersion, kind, name, version, summary, factory};
}

// The name of the exported alias the host looks for.
inline constexpr const char* kDescriptorSymbol = "pigeon_plugin_descriptor";

}  // namespace pigeon::sdk
