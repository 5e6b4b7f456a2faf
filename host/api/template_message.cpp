#include "api/template_message.h"

#include "api/json_util.h"

namespace pigeon::host {

EntityRef readEntityRef(const Poco::JSON::Object& o, const std::string& field) {
  // `field` may carry a batch item's prefix ("messages[3].entity"); the member is "entity".
  const auto member =
      field.substr(field.rfind('.') == std::string::npos ? 0 : field.rfind('.') + 1);
  const auto e = o.has(member) ? o.getObject(member) : nullptr;
  if (!e)
    throw ApiError(422, "missing_field",
                   "field '" + field + "' must be {\"type\": ..., \"id\" or \"external_id\": ...}",
                   field);
  rejectUnknownFields(*e, {"type", "id", "external_id"}, field + ".");
  EntityRef ref;
  ref.type = requiredString(*e, "type", field + ".");
  if (auto external = optionalString(*e, "external_id", field + ".")) {
    ref.externalId = *external;
  } else if (e->has("id") && e->get("id").isInteger()) {
    ref.id = e->get("id").convert<std::int64_t>();
  } else {
    throw ApiError(422, "missing_field", "field '" + field + "' needs an id or an external_id",
                   field + ".id");
  }
  return ref;
}

RenderedMessage renderTemplateMessage(TemplateService& templates, const Poco::JSON::Object& o,
                                      const std::string& prefix) {
  const auto& v = o.get("template");
  if (!v.isString() && !v.isInteger())
    throw ApiError(422, "invalid_type", "field '" + prefix + "template' must be a name or an id",
                   prefix + "template");
  const auto t = templates.byReference(v.toString(), prefix + "template");
  const auto entity = readEntityRef(o, prefix + "entity");
  try {
    return templates.render(t, entity);
  } catch (const ApiError& e) {
    // A row that does not exist is this message's bad field, not a missing endpoint.
    throw ApiError(e.status() == 404 ? 422 : e.status(), e.code(), e.what(), prefix + "entity");
  }
}

}  // namespace pigeon::host
