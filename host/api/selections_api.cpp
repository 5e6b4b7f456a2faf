#include "api/selections_api.h"

#include <Poco/JSON/Array.h>

#include "api/entity_json.h"
#include "api/json_util.h"
#include "api/request_reading.h"

namespace pigeon::host {

namespace {

constexpr int kDefaultMembers = 100;
constexpr int kMaxMembers = 1000;

const std::set<std::string> kSelectionFields{"name", "entity_type", "criteria", "utc_offset"};

SelectionDraft readDraft(const Poco::JSON::Object& o, bool named) {
  rejectUnknownFields(o, kSelectionFields);
  SelectionDraft d;
  d.name = named ? requiredString(o, "name") : optionalString(o, "name").value_or("");
  d.entityType = requiredString(o, "entity_type");
  if (!o.has("criteria"))
    throw ApiError(422, "missing_field", "field 'criteria' is required ({} selects every row)",
                   "criteria");
  d.criteria = o.get("criteria");
  const auto offset = optionalString(o, "utc_offset").value_or("+00:00");
  const auto minutes = parseUtcOffset(offset);
  if (!minutes)
    throw ApiError(422, "invalid_value", "utc_offset must look like +03:00, got '" + offset + "'",
                   "utc_offset");
  d.utcOffsetMinutes = *minutes;
  return d;
}

Poco::JSON::Object selectionJson(const db::SelectionRecord& s) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("id", s.id);
  o.set("name", s.name);
  o.set("entity_type", s.entityType);
  o.set("criteria", SelectionService::criteriaOf(s));
  o.set("utc_offset", formatUtcOffset(s.utcOffsetMinutes));
  o.set("created_by", textOrNull(s.createdBy));
  o.set("created_at", isoTime(s.createdAt));
  o.set("updated_at", isoTime(s.updatedAt));
  return o;
}

ApiResponse countAnswer(const SelectionCount& n, std::int64_t id) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  if (id) o.set("id", id);
  o.set("count", n.count);
  o.set("took_ms", n.tookMs);
  o.set("counted_at", isoTime(n.countedAt));
  return {200, toJson(o)};
}

std::int64_t pathId(const ApiRequest& r) {
  if (auto id = parseId(r.pathParams.at(0))) return *id;
  throw ApiError(404, "not_found", "no selection " + r.pathParams.at(0));
}

}  // namespace

void SelectionsApi::registerRoutes(Router& router) {
  using A = Route::Access;
  const std::string read = "view_bulk", write = "send_bulk";
  // Before /{id}: "count" is not an id.
  router.add({"POST", "/api/v1/selections/count", A::kAuthenticated, read,
              [this](auto& r) { return countDraft(r); }});
  router.add(
      {"GET", "/api/v1/selections", A::kAuthenticated, read, [this](auto& r) { return list(r); }});
  router.add({"POST", "/api/v1/selections", A::kAuthenticated, write,
              [this](auto& r) { return create(r); }});
  router.add({"GET", "/api/v1/selections/{id}", A::kAuthenticated, read,
              [this](auto& r) { return get(r); }});
  router.add({"PUT", "/api/v1/selections/{id}", A::kAuthenticated, write,
              [this](auto& r) { return update(r); }});
  router.add({"DELETE", "/api/v1/selections/{id}", A::kAuthenticated, write,
              [this](auto& r) { return remove(r); }});
  router.add({"GET", "/api/v1/selections/{id}/count", A::kAuthenticated, read,
              [this](auto& r) { return count(r); }});
  router.add({"GET", "/api/v1/selections/{id}/members", A::kAuthenticated, read,
              [this](auto& r) { return members(r); }});
}

ApiResponse SelectionsApi::list(ApiRequest&) {
  Poco::JSON::Array items;
  for (const auto& s : selections_.list()) items.add(selectionJson(s));
  Poco::JSON::Object out;
  out.set("selections", items);
  return {200, toJson(out)};
}

ApiResponse SelectionsApi::create(ApiRequest& request) {
  const auto draft = readDraft(*parseJsonObject(request.body), true);
  return {201, toJson(selectionJson(selections_.create(draft, request.caller->name)))};
}

ApiResponse SelectionsApi::get(ApiRequest& request) {
  return {200, toJson(selectionJson(selections_.get(pathId(request))))};
}

ApiResponse SelectionsApi::update(ApiRequest& request) {
  const auto id = pathId(request);
  const auto draft = readDraft(*parseJsonObject(request.body), true);
  return {200, toJson(selectionJson(selections_.update(id, draft)))};
}

ApiResponse SelectionsApi::remove(ApiRequest& request) {
  selections_.remove(pathId(request));
  return {204, ""};
}

ApiResponse SelectionsApi::count(ApiRequest& request) {
  const auto selection = selections_.get(pathId(request));
  return countAnswer(selections_.count(selection), selection.id);
}

ApiResponse SelectionsApi::countDraft(ApiRequest& request) {
  return countAnswer(selections_.count(readDraft(*parseJsonObject(request.body), false)), 0);
}

ApiResponse SelectionsApi::members(ApiRequest& request) {
  const auto selection = selections_.get(pathId(request));
  const auto limit = queryLimit(request, kDefaultMembers, kMaxMembers);
  std::int64_t after = 0;
  if (const auto text = request.queryValue("after"); !text.empty()) {
    const auto id = parseId(text);
    if (!id) throw ApiError(400, "invalid_cursor", "after must be a row id", "after");
    after = *id;
  }
  const auto rows = selections_.members(selection, after, limit);
  const auto& type = entities_.type(selection.entityType);
  const bool personal = request.caller->can("view_personal_data");
  Poco::JSON::Array items;
  for (const auto& r : rows) items.add(entityJson(type, r, personal));
  Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
  out.set("entity_type", selection.entityType);
  out.set("members", items);
  out.set("next_after", static_cast<int>(rows.size()) == limit ? Poco::Dynamic::Var(rows.back().id)
                                                               : Poco::Dynamic::Var());
  return {200, toJson(out)};
}

}  // namespace pigeon::host
