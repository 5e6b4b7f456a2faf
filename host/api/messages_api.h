#pragma once
// /api/v1/messages: queue one message or a batch, read one with its timeline, list and page.

#include <Poco/JSON/Object.h>

#include "api/router.h"
#include "db/connection_pool.h"
#include "keywords/consent_registry.h"
#include "keywords/keyword_engine.h"
#include "numbers/number_directory.h"
#include "outbox/outbox.h"
#include "phone/phone_normalizer.h"
#include "providers/provider_set.h"
#include "routing/route_service.h"
#include "templates/template_service.h"

namespace pigeon::host {

struct MessagesApiSettings {
  int maxParts = 10;
  std::size_t maxBatch = 10000;
};

class MessagesApi {
public:
  MessagesApi(Outbox& outbox, const phone::PhoneNormalizer& phones, ProviderSet& providers,
              const RouteService& routes, db::ConnectionPool& pool, MessagesApiSettings settings);

  void registerRoutes(Router& router);
  // Messages may then name a template and an entity instead of a text and a number.
  void useTemplates(TemplateService& templates) { templates_ = &templates; }
  // Numbers opted out are stored as rejected (reason opted_out), never sent.
  void useConsent(const ConsentRegistry& consent) { consent_ = &consent; }
  // A caller with sender numbers sends from one of them (their default when none is given).
  void useNumbers(const NumberDirectory& numbers) { numbers_ = &numbers; }

  // Validates one message object; throws ApiError naming the field (prefix: "messages[3].").
  // The admin's send-test form goes through here too, so it judges input like the API.
  db::NewMessage parseMessage(const Poco::JSON::Object& object, const Caller& caller,
                              const std::string& prefix) const;

private:
  void post(ApiRequest& request, Route::Reply reply);
  ApiResponse get(ApiRequest& request);
  ApiResponse list(ApiRequest& request);
  ApiResponse requeue(ApiRequest& request);

  Outbox& outbox_;
  const phone::PhoneNormalizer& phones_;
  ProviderSet& providers_;
  const RouteService& routes_;
  db::ConnectionPool& pool_;
  MessagesApiSettings settings_;
  db::MessageRepository repository_;
  TemplateService* templates_ = nullptr;
  const ConsentRegistry* consent_ = nullptr;
  const NumberDirectory* numbers_ = nullptr;
};

}  // namespace pigeon::host
