#include "api/templates_api.h"

#include <Poco/JSON/Array.h>

#include "api/json_util.h"
#include "api/message_json.h"
#include "api/template_message.h"

namespace pigeon::host {

namespace {

const std::set<std::string> kTemplateFields{"name", "entity_type", "body", "locale", "utc_offset"};

db::TemplateRecord readTemplate(const Poco::JSON::Object& o) {
  rejectUnknownFields(o, kTemplateFields);
  db::TemplateRecord t;
  t.name = requiredString(o, "name");
  t.entityType = requiredString(o, "entity_type");
  t.body = requiredString(o, "body");
  t.locale = optionalString(o, "locale").value_or("en");
  const auto offset = optionalString(o, "utc_offset").value_or("+00:00");
  auto minutes = parseUtcOffset(offset);
  if (!minutes)
    throw ApiError(422, "invalid_value", "utc_offset must look like +03:00, got '" + offset + "'",
                   "utc_offset");
  t.utcOffsetMinutes = *minutes;
  return t;
}

Poco::JSON::Object templateJson(const db::TemplateRecord& t) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("id", t.id);
  o.set("name", t.name);
  o.set("entity_type", t.entityType);
  o.set("body", t.body);
  o.set("locale", t.locale);
  o.set("utc_offset", formatUtcOffset(t.utcOffsetMinutes));
  o.set("created_at", isoTime(t.createdAt));
  o.set("updated_at", isoTime(t.updatedAt));
  return o;
}

std::int64_t pathId(const ApiRequest& r) {
  if (auto id = parseId(r.pathParams.at(0))) return *id;
  throw ApiError(404, "not_found", "no template " + r.pathParams.at(0));
}

}  // namespace

void TemplatesApi::registerRoutes(Router& router) {
  using A = Route::Access;
  const std::string read = "view_single", write = "manage_templates";
  // Before /{id}: "preview" is not an id.
  router.add({"POST", "/api/v1/templates/preview", A::kAuthenticated, read,
              [this](auto& r) { return previewDraft(r); }});
  router.add(
      {"GET", "/api/v1/templates", A::kAuthenticated, read, [this](auto& r) { return list(r); }});
  router.add({"POST", "/api/v1/templates", A::kAuthenticated, write,
              [this](auto& r) { return create(r); }});
  router.add({"GET", "/api/v1/templates/{id}", A::kAuthenticated, read,
              [this](auto& r) { return get(r); }});
  router.add({"PUT", "/api/v1/templates/{id}", A::kAuthenticated, write,
              [this](auto& r) { return update(r); }});
  router.add({"DELETE", "/api/v1/templates/{id}", A::kAuthenticated, write,
              [this](auto& r) { return remove(r); }});
  router.add({"POST", "/api/v1/templates/{id}/preview", A::kAuthenticated, read,
              [this](auto& r) { return preview(r); }});
}

ApiResponse TemplatesApi::list(ApiRequest&) {
  Poco::JSON::Array items;
  for (const auto& t : templates_.list()) items.add(templateJson(t));
  Poco::JSON::Object out;
  out.set("templates", items);
  return {200, toJson(out)};
}

ApiResponse TemplatesApi::get(ApiRequest& request) {
  return {200, toJson(templateJson(templates_.get(pathId(request))))};
}

ApiResponse TemplatesApi::create(ApiRequest& request) {
  auto t = templates_.create(readTemplate(*parseJsonObject(request.body)));
  return {201, toJson(templateJson(t))};
}

ApiResponse TemplatesApi::update(ApiRequest& request) {
  const auto id = pathId(request);
  auto t = templates_.update(id, readTemplate(*parseJsonObject(request.body)));
  return {200, toJson(templateJson(t))};
}

ApiResponse TemplatesApi::remove(ApiRequest& request) {
  templates_.remove(pathId(request));
  return {204, ""};
}

ApiResponse TemplatesApi::preview(ApiRequest& request) {
  const auto t = templates_.get(pathId(request));
  auto root = parseJsonObject(request.body);
  rejectUnknownFields(*root, {"entity"});
  return previewAnswer(templates_.render(t, readEntityRef(*root, "entity")), request);
}

ApiResponse TemplatesApi::previewDraft(ApiRequest& request) {
  auto root = parseJsonObject(request.body);
  rejectUnknownFields(*root, {"template", "entity"});
  auto draft = root->getObject("template");
  if (!draft)
    throw ApiError(422, "missing_field", "field 'template' must be a template object", "template");
  auto t = readTemplate(*draft);
  return previewAnswer(templates_.renderDraft(t, readEntityRef(*root, "entity")), request);
}

// The rendered text judged as sending it would judge it, then routed without sending.
ApiResponse TemplatesApi::previewAnswer(const RenderedMessage& rendered,
                                        const ApiRequest& request) const {
  const bool personal = request.caller->can("view_personal_data");
  Poco::JSON::Object message;
  message.set("to", rendered.to);
  message.set("text", rendered.text);
  Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
  // The text holds the row's data: shown, like a message's, to view_personal_data only.
  if (personal) out.set("text", rendered.text);
  if (rendered.to.empty()) {
    out.set("to", Poco::Dynamic::Var());
    out.set("problem", rendered.entityType + " " + std::to_string(rendered.entityId) +
                           " has no phone number, nor does a row it refers to");
    return {200, toJson(out)};
  }
  auto explained = routes_.explainMessage(messages_.parseMessage(message, *request.caller, ""));
  for (const auto& name : {"to", "encoding", "parts", "cost", "would_use", "route", "why"})
    out.set(name, explained.get(name));
  if (!personal) out.set("to", maskNumber(rendered.to));
  return {200, toJson(out)};
}

}  // namespace pigeon::host
