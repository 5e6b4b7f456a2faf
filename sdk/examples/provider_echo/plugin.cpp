// com.example.provider.echo: the descriptor and the factory. The last line exports them.

#include "echo_provider.h"
#include "pigeon/sdk/export.h"
#include "pigeon/sdk/provider/provider_factory.h"

namespace {

using namespace pigeon::sdk;

class EchoFactory : public ProviderFactory {
public:
  // The host validates an instance's settings against this schema before create(), and the
  // admin builds the instance's settings form from it.
  ConfigSchema schema() const override {
    return {ConfigField::string("id_prefix", "Prefix of the ids this provider hands out")
                .defaultsTo("echo-")};
  }

  // Never throws: a failure is a Status that names the problem.
  Result<std::unique_ptr<Provider>> create(const ConfigValues& config,
                                           HostContext& host) const override {
    if (config.getString("id_prefix").size() > 32)
      return Status::invalidArgument("id_prefix is longer than 32 characters");
    return std::unique_ptr<Provider>(
        new example::EchoProvider(config.getString("id_prefix"), host));
  }
};

const PluginFactory& factory() {
  static const EchoFactory instance;
  return instance;
}

}  // namespace

extern "C" const PluginDescriptor kEchoDescriptor =
    describePlugin(PluginKind::kProvider, "com.example.provider.echo", "1.0.0",
                   "Example: reports every message delivered at once", &factory);

PIGEON_EXPORT_PLUGIN(kEchoDescriptor)
