#pragma once
// The factory a provider plugin exports through its descriptor.

#include <memory>

#include "pigeon/sdk/config_schema.h"
#include "pigeon/sdk/host_context.h"
#include "pigeon/sdk/plugin_factory.h"
#include "pigeon/sdk/provider/provider.h"

namespace pigeon::sdk {

class ProviderFactory : public PluginFactory {
public:
  // Called with settings already validated against schema(). The HostContext outlives the
  // provider. MUST NOT throw: a failure is a Status naming the field or the cause.
  virtual Result<std::unique_ptr<Provider>> create(const ConfigValues& config,
                                                   HostContext& host) const = 0;
};

}  // namespace pigeon::sdk
