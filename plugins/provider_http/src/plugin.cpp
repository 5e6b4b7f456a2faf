// pigeon.provider.http: the descriptor and factory.

#include "http_provider.h"
#include "pigeon/sdk/export.h"
#include "pigeon/sdk/provider/provider_factory.h"

namespace {

using namespace pigeon;

class HttpFactory : public sdk::ProviderFactory {
public:
  sdk::ConfigSchema schema() const override { return httpprovider::HttpProviderSettings::schema(); }

  sdk::Result<std::unique_ptr<sdk::Provider>> create(const sdk::ConfigValues& config,
                                                     sdk::HostContext& host) const override {
    try {
      auto settings = httpprovider::HttpProviderSettings::read(config);
      if (!settings) return settings.status();
      return std::unique_ptr<sdk::Provider>(
          new httpprovider::HttpProvider(std::move(*settings), host));
    } catch (const std::exception& e) {
      return sdk::Status::internal(e.what());
    }
  }
};

const sdk::PluginFactory& factory() {
  static const HttpFactory instance;
  return instance;
}

}  // namespace

extern "C" const pigeon::sdk::PluginDescriptor kHttpDescriptor = pigeon::sdk::describePlugin(
    pigeon::sdk::PluginKind::kProvider, "pigeon.provider.http", "0.1.0",
    "Any HTTP SMS API, described by settings: request templates, answers by regex or JSON "
    "pointer, delivery and inbound callbacks, balance",
    &factory);

PIGEON_EXPORT_PLUGIN(kHttpDescriptor)
