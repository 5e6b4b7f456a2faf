// pigeon.provider.smpp: the descriptor and factory.

#include "pigeon/sdk/export.h"
#include "pigeon/sdk/provider/provider_factory.h"
#include "smpp_provider.h"

namespace {

using namespace pigeon;

class SmppFactory : public sdk::ProviderFactory {
public:
  sdk::ConfigSchema schema() const override { return smpp::SmppSettings::schema(); }

  sdk::Result<std::unique_ptr<sdk::Provider>> create(const sdk::ConfigValues& config,
                                                     sdk::HostContext& host) const override {
    try {
      auto settings = smpp::SmppSettings::from(config);
      if (settings.password.size() > 8)
        return sdk::Status::invalidArgument("password: SMPP 3.4 allows at most 8 characters");
      if (settings.systemId.size() > 15)
        return sdk::Status::invalidArgument("system_id: SMPP 3.4 allows at most 15 characters");
      if (settings.systemType.size() > 12)
        return sdk::Status::invalidArgument("system_type: SMPP 3.4 allows at most 12 characters");
      return std::unique_ptr<sdk::Provider>(new smpp::SmppProvider(settings, host));
    } catch (const std::exception& e) {
      return sdk::Status::internal(e.what());
    }
  }
};

const sdk::PluginFactory& factory() {
  static const SmppFactory instance;
  return instance;
}

}  // namespace

extern "C" const pigeon::sdk::PluginDescriptor kSmppDescriptor = pigeon::sdk::describePlugin(
    pigeon::sdk::PluginKind::kProvider, "pigeon.provider.smpp", "0.1.0",
    "SMPP 3.4 ESME: binds, window, long messages, receipts and inbound SMS", &factory);

PIGEON_EXPORT_PLUGIN(kSmppDescriptor)
