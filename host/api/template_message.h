#pragma once
// A message given as a template and an entity instead of a text and a number:
//   {"template": "reminder" (or its id), "entity": {"type": "appointment", "id": 7}}
// ("external_id" instead of "id" names the row by the CRM's id).

#include <Poco/JSON/Object.h>

#include <string>

#include "templates/template_service.h"

namespace pigeon::host {

// The "entity" member, named `field` in errors ("entity", "messages[3].entity"): ApiError 422
// naming it when it is missing or malformed.
EntityRef readEntityRef(const Poco::JSON::Object& o, const std::string& field);

// Renders the message's template for its entity. ApiError 422 naming prefix + "template" or
// prefix + "entity" when either is unknown.
RenderedMessage renderTemplateMessage(TemplateService& templates, const Poco::JSON::Object& o,
                                      const std::string& prefix);

}  // namespace pigeon::host
