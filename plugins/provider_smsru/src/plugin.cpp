// pigeon.provider.smsru: the descriptor and factory.

#include "pigeon/sdk/export.h"
#include "pigeon/sdk/provider/provider_factory.h"
#include "smsru_provider.h"

namespace {

using namespace pigeon;

class SmsruFactory : public sdk::ProviderFactory {
public:
  sdk::ConfigSchema schema() const override { return smsru::SmsruSettings::schema(); }

  sdk::Result<std::unique_ptr<sdk::Provider>> create(const sdk::ConfigValues& config,
                                                     sdk::HostContext& host) const override {
    try {
      auto settings = smsru::SmsruSettings::read(config);
      if (settings.baseUrl.rfind("http://", 0) != 0 && settings.baseUrl.rfind("https://", 0) != 0)
        return sdk::Status::invalidArgument("base_url: must start with http:// or https://");
      return std::unique_ptr<sdk::Provider>(new smsru::SmsruProvider(settings, host));
    } catch (const std::exception& e) {
      return sdk::Status::internal(e.what());
    }
  }
};

const sdk::PluginFactory& factory() {
  static const SmsruFactory instance;
  return instance;
}

}  // namespace

extern "C" const pigeon::sdk::PluginDescriptor kSmsruDescriptor = pigeon::sdk::describePlugin(
    pigeon::sdk::PluginKind::kProvider, "pigeon.provider.smsru", "0.1.0",
    "SMS.ru's HTTP API: send, status, balance and delivery callbacks", &factory);

PIGEON_EXPORT_PLUGIN(kSmsruDescriptor)
