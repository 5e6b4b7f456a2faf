#include "api/entity_json.h"

#include "api/json_util.h"
#include "api/message_json.h"

namespace pigeon::host {

Poco::Dynamic::Var shownJson(const entity::FieldInput& v) {
  struct {
    Poco::Dynamic::Var operator()(std::monostate) const { return {}; }
    Poco::Dynamic::Var operator()(bool b) const { return b; }
    Poco::Dynamic::Var operator()(std::int64_t i) const { return i; }
    Poco::Dynamic::Var operator()(double d) const { return d; }
    Poco::Dynamic::Var operator()(const std::string& s) const { return s; }
  } visitor;
  return std::visit(visitor, v);
}

Poco::JSON::Object entityJson(const entity::EntityType& type, const entity::EntityRecord& r,
                              bool personal) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("id", r.id);
  o.set("external_id", textOrNull(r.externalId));
  for (std::size_t i = 0; i < type.fields.size() && i < r.values.size(); ++i) {
    const auto& f = type.fields[i];
    auto shown = entity::toShown(f, r.values[i]);
    if (f.type == entity::FieldType::kPhone && !personal &&
        std::holds_alternative<std::string>(shown))
      shown = maskNumber(std::get<std::string>(shown));
    o.set(f.name, shownJson(shown));
  }
  o.set("created_at", isoTime(r.createdAt));
  o.set("updated_at", isoTime(r.updatedAt));
  return o;
}

}  // namespace pigeon::host
