// pigeon.provider.simulator: the descriptor and factory.

#include "pigeon/sdk/export.h"
#include "pigeon/sdk/provider/provider_factory.h"
#include "simulator_provider.h"

namespace {

using namespace pigeon;

class SimulatorFactory : public sdk::ProviderFactory {
public:
  sdk::ConfigSchema schema() const override { return simulator::SimulatorSettings::schema(); }

  sdk::Result<std::unique_ptr<sdk::Provider>> create(const sdk::ConfigValues& config,
                                                     sdk::HostContext& host) const override {
    try {
      auto settings = simulator::SimulatorSettings::from(config);
      if (settings.temporaryFailureRatio + settings.permanentFailureRatio > 1)
        return sdk::Status::invalidArgument(
            "temporary_failure_ratio + permanent_failure_ratio must not exceed 1");
      return std::unique_ptr<sdk::Provider>(new simulator::SimulatorProvider(settings, host));
    } catch (const std::exception& e) {
      return sdk::Status::internal(e.what());
    }
  }
};

const sdk::PluginFactory& factory() {
  static const SimulatorFactory instance;
  return instance;
}

}  // namespace

extern "C" const pigeon::sdk::PluginDescriptor kSimulatorDescriptor = pigeon::sdk::describePlugin(
    pigeon::sdk::PluginKind::kProvider, "pigeon.provider.simulator", "0.1.0",
    "Simulated provider: configurable delay, rate, failures and balance", &factory);

PIGEON_EXPORT_PLUGIN(kSimulatorDescriptor)
