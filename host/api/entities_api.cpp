#include "api/entities_api.h"

#include <Poco/JSON/Array.h>

#include <charconv>

#include "api/entity_json.h"
#include "api/json_util.h"
#include "api/message_json.h"

namespace pigeon::host {

namespace {

using entity::EntityRecord;
using entity::EntityType;
using entity::FieldType;

constexpr int kDefaultLimit = 100;
constexpr int kMaxLimit = 1000;
// Query parameters of a list that are not field filters.
const std::set<std::string> kListParameters{"limit", "after", "q"};

ApiResponse entityResponse(int status, const EntityType& type, const EntityRecord& r,
                           const ApiRequest& request) {
  return {status, toJson(entityJson(type, r, request.caller->can("view_personal_data")))};
}

// One JSON member as a field value; {"external_id": "..."} names a referred row.
void readMember(EntityInput& input, const std::string& name, const Poco::Dynamic::Var& v) {
  if (v.isEmpty()) {
    input.fields.emplace_back(name, std::monostate{});
  } else if (v.isBoolean()) {
    input.fields.emplace_back(name, v.extract<bool>());
  } else if (v.isInteger()) {
    input.fields.emplace_back(name, v.convert<std::int64_t>());
  } else if (v.isNumeric()) {
    input.fields.emplace_back(name, v.convert<double>());
  } else if (v.isString()) {
    input.fields.emplace_back(name, v.toString());
  } else if (v.type() == typeid(Poco::JSON::Object::Ptr)) {
    auto ref = v.extract<Poco::JSON::Object::Ptr>();
    rejectUnknownFields(*ref, {"external_id"}, name + ".");
    input.referencesByExternalId.emplace_back(name,
                                              requiredString(*ref, "external_id", name + "."));
  } else {
    throw ApiError(422, "invalid_type",
                   "field '" + name +
                       "' must be a string, number, boolean, null or"
                       " {\"external_id\": ...}",
                   name);
  }
}

EntityInput readInput(const std::string& body) {
  auto o = parseJsonObject(body);
  EntityInput input;
  for (const auto& name : o->getNames()) {
    if (name == "external_id") {
      input.externalId = optionalString(*o, name);
      continue;
    }
    if (name == "id" || name == "created_at" || name == "updated_at")
      throw ApiError(422, "read_only_field", "field '" + name + "' is set by Pigeon", name);
    readMember(input, name, o->get(name));
  }
  return input;
}

int queryInt(const ApiRequest& r, const std::string& name, int fallback, int lo, int hi) {
  const auto text = r.queryValue(name);
  if (text.empty()) return fallback;
  int n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || p != text.data() + text.size() || n < lo || n > hi)
    throw ApiError(400, "invalid_" + name,
                   "'" + name + "' must be an integer from " + std::to_string(lo) + " to " +
                       std::to_string(hi),
                   name);
  return n;
}

std::int64_t pathId(const EntityType& type, const std::string& text) {
  if (auto id = parseId(text)) return *id;
  throw ApiError(404, "not_found", "no " + type.name + " " + text);
}

}  // namespace

void EntitiesApi::registerRoutes(Router& router) {
  using A = Route::Access;
  const std::string read = "view_single", write = "manage_entities";
  router.add(
      {"GET", "/api/v1/entities", A::kAuthenticated, "", [this](auto& r) { return types(r); }});
  router.add({"GET", "/api/v1/entities/{type}", A::kAuthenticated, read,
              [this](auto& r) { return list(r); }});
  router.add({"POST", "/api/v1/entities/{type}", A::kAuthenticated, write,
              [this](auto& r) { return create(r); }});
  router.add({"GET", "/api/v1/entities/{type}/{id}", A::kAuthenticated, read,
              [this](auto& r) { return get(r); }});
  router.add({"PUT", "/api/v1/entities/{type}/{id}", A::kAuthenticated, write,
              [this](auto& r) { return update(r); }});
  router.add({"DELETE", "/api/v1/entities/{type}/{id}", A::kAuthenticated, write,
              [this](auto& r) { return remove(r); }});
  router.add({"PUT", "/api/v1/entities/{type}/external/{external_id}", A::kAuthenticated, write,
              [this](auto& r) { return upsert(r); }});
}

ApiResponse EntitiesApi::types(ApiRequest&) {
  Poco::JSON::Array list;
  for (const auto& t : service_.catalog().types()) {
    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("name", t.name);
    o.set("label", t.label);
    o.set("phone_field", textOrNull(t.phoneField));
    o.set("display_field", textOrNull(t.displayField));
    Poco::JSON::Array fields;
    for (const auto& f : t.fields) {
      Poco::JSON::Object fo(Poco::JSON_PRESERVE_KEY_ORDER);
      fo.set("name", f.name);
      fo.set("type", entity::fieldTypeName(f.type));
      fo.set("label", f.label.empty() ? f.name : f.label);
      fo.set("required", f.required);
      fo.set("indexed", f.indexed);
      if (f.type == FieldType::kString) fo.set("max_length", f.maxLength);
      if (f.type == FieldType::kEnum) {
        Poco::JSON::Array choices;
        for (const auto& c : f.choices) choices.add(c);
        fo.set("choices", choices);
      }
      if (f.type == FieldType::kReference) fo.set("target", f.target);
      fields.add(fo);
    }
    o.set("fields", fields);
    list.add(o);
  }
  Poco::JSON::Object out;
  out.set("types", list);
  return {200, toJson(out)};
}

ApiResponse EntitiesApi::list(ApiRequest& request) {
  const auto& type = service_.type(request.pathParams.at(0));
  ListQuery q;
  q.limit = queryInt(request, "limit", kDefaultLimit, 1, kMaxLimit);
  if (auto after = request.queryValue("after"); !after.empty()) {
    auto id = parseId(after);
    if (!id) throw ApiError(400, "invalid_after", "'after' must be an id", "after");
    q.afterId = *id;
  }
  q.search = request.queryValue("q");
  const bool personal = request.caller->can("view_personal_data");
  for (const auto& [name, value] : request.query) {
    if (kListParameters.count(name)) continue;
    const auto* f = entity::EntityCatalog::findField(type, name);
    if (f && f->type == FieldType::kPhone && !personal)
      throw ApiError(403, "forbidden", "filtering by number needs the right view_personal_data",
                     name);
    q.equals.emplace_back(name, value);
  }
  const auto rows = service_.list(type, q);
  Poco::JSON::Array items;
  for (const auto& r : rows) items.add(entityJson(type, r, personal));
  Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
  out.set("items", items);
  const bool full = static_cast<int>(rows.size()) == q.limit;
  out.set("next_after",
          full ? Poco::Dynamic::Var(std::to_string(rows.back().id)) : Poco::Dynamic::Var());
  return {200, toJson(out)};
}

ApiResponse EntitiesApi::get(ApiRequest& request) {
  const auto& type = service_.type(request.pathParams.at(0));
  return entityResponse(200, type, service_.get(type, pathId(type, request.pathParams.at(1))),
                        request);
}

ApiResponse EntitiesApi::create(ApiRequest& request) {
  const auto& type = service_.type(request.pathParams.at(0));
  auto input = readInput(request.body);
  // ?upsert=true: the same as PUT .../external/<id>, for ids a path cannot carry ("a/b").
  if (request.queryValue("upsert") == "true") {
    if (!input.externalId)
      throw ApiError(422, "missing_field", "an upsert needs external_id", "external_id");
    const auto externalId = *input.externalId;
    input.externalId.reset();
    auto [record, created] = service_.upsert(type, externalId, input);
    return entityResponse(created ? 201 : 200, type, record, request);
  }
  return entityResponse(201, type, service_.create(type, input), request);
}

ApiResponse EntitiesApi::update(ApiRequest& request) {
  const auto& type = service_.type(request.pathParams.at(0));
  const auto id = pathId(type, request.pathParams.at(1));
  return entityResponse(200, type, service_.update(type, id, readInput(request.body)), request);
}

ApiResponse EntitiesApi::upsert(ApiRequest& request) {
  const auto& type = service_.type(request.pathParams.at(0));
  const auto& externalId = request.pathParams.at(1);  // decoded already
  auto input = readInput(request.body);
  if (input.externalId && *input.externalId != externalId)
    throw ApiError(422, "invalid_value", "external_id in the body differs from the path's",
                   "external_id");
  input.externalId.reset();
  auto [record, created] = service_.upsert(type, externalId, input);
  return entityResponse(created ? 201 : 200, type, record, request);
}

ApiResponse EntitiesApi::remove(ApiRequest& request) {
  const auto& type = service_.type(request.pathParams.at(0));
  service_.remove(type, pathId(type, request.pathParams.at(1)));
  return {204, ""};
}

}  // namespace pigeon::host
