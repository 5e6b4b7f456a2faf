#pragma once
// /api/v1/webhooks: the CRM's URLs for delivery reports, inbound SMS, opt-outs and new entity
// rows (cases and others), with their deliveries, a ping and a retry of a given-up delivery.
// All of it needs manage_providers: a webhook sends personal data to the URL it names.

#include "api/router.h"
#include "webhooks/webhook_service.h"

namespace pigeon::host {

class WebhooksApi {
public:
  explicit WebhooksApi(WebhookService& webhooks) : webhooks_(webhooks) {}
  void registerRoutes(Router& router);

private:
  ApiResponse list(ApiRequest& request);
  ApiResponse create(ApiRequest& request);
  ApiResponse get(ApiRequest& request);
  ApiResponse update(ApiRequest& request);
  ApiResponse remove(ApiRequest& request);
  ApiResponse deliveries(ApiRequest& request);
  ApiResponse ping(ApiRequest& request);
  ApiResponse retry(ApiRequest& request);

  WebhookService& webhooks_;
};

}  // namespace pigeon::host
