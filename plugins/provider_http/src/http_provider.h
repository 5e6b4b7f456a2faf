#pragma once
// pigeon.provider.http: a provider whose HTTP API is described by its settings. submit() hands
// the message to a sender thread, which makes the configured request and reads the answer by
// status, regex and JSON pointer; delivery reports and inbound SMS arrive as callbacks at
// /callbacks/<instance>/dlr and /callbacks/<instance>/inbound.

#include <atomic>

#include "http_settings.h"
#include "pigeon/sdk/host_context.h"
#include "pigeon/sdk/provider/provider.h"
#include "send_pool.h"

namespace pigeon::httpprovider {

class HttpProvider : public sdk::Provider {
public:
  HttpProvider(HttpProviderSettings settings, sdk::HostContext& host);
  ~HttpProvider() override;

  sdk::Status start() override;
  void stop() override;
  sdk::Status submit(const sdk::OutboundMessage& message) override;
  sdk::Result<sdk::Balance> balance() override;
  sdk::ProviderCapabilities capabilities() const override;
  sdk::ProviderStats stats() const override;
  sdk::CallbackResponse callback(const sdk::CallbackRequest& request) override;

private:
  void send(const sdk::OutboundMessage& message);
  sdk::Status refusal(int httpStatus, const std::string& body) const;
  sdk::CallbackResponse deliveryCallback(const sdk::CallbackRequest& request);
  sdk::CallbackResponse inboundCallback(const sdk::CallbackRequest& request);

  HttpProviderSettings settings_;
  sdk::HostContext& host_;
  http::SendPool pool_;
  std::atomic<bool> reachable_{true};  // false while the API cannot be reached at all
};

}  // namespace pigeon::httpprovider
