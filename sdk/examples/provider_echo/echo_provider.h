#pragma once
// An example provider: "sends" every message at once and reports it delivered, all from inside
// submit() — the simplest provider that keeps the SDK's contract.

#include <atomic>
#include <string>

#include "pigeon/sdk/host_context.h"
#include "pigeon/sdk/provider/provider.h"

namespace example {

class EchoProvider : public pigeon::sdk::Provider {
public:
  EchoProvider(std::string idPrefix, pigeon::sdk::HostContext& host)
      : idPrefix_(std::move(idPrefix)), host_(host) {}

  pigeon::sdk::Status start() override { return pigeon::sdk::Status::ok(); }
  void stop() override {}
  pigeon::sdk::Status submit(const pigeon::sdk::OutboundMessage& message) override;
  pigeon::sdk::Result<pigeon::sdk::Balance> balance() override;
  pigeon::sdk::ProviderCapabilities capabilities() const override { return {}; }

private:
  std::string idPrefix_;
  pigeon::sdk::HostContext& host_;
  std::atomic<unsigned long long> sent_{0};
};

}  // namespace example
