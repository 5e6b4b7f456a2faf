#include "api/entity_tags_api.h"

#include <Poco/JSON/Array.h>

#include "api/json_util.h"
#include "repositories/tag_repository.h"

namespace pigeon::host {

namespace {

constexpr std::size_t kMaxTagsPerRequest = 100;

struct Row {
  const entity::EntityType& type;
  std::int64_t id;
};

// The row the path names; 404 when the type or the row does not exist.
Row rowOf(db::Connection& c, EntityService& entities, const ApiRequest& r) {
  const auto& type = entities.type(r.pathParams.at(0));
  const auto id = parseId(r.pathParams.at(1));
  if (!id || !entity::EntityRepository::exists(c, type, *id))
    throw ApiError(404, "not_found", "no " + type.name + " " + r.pathParams.at(1));
  return {type, *id};
}

ApiResponse tagsAnswer(db::Connection& c, const Row& row) {
  Poco::JSON::Array tags;
  for (const auto& t : db::TagRepository::of(c, row.type.name, row.id)) tags.add(t);
  Poco::JSON::Object out;
  out.set("tags", tags);
  return {200, toJson(out)};
}

std::vector<std::string> readTags(const std::string& body) {
  auto root = parseJsonObject(body);
  rejectUnknownFields(*root, {"tags"});
  auto array = root->getArray("tags");
  if (!array || array->size() == 0 || array->size() > kMaxTagsPerRequest)
    throw ApiError(422, "invalid_value",
                   "tags must be an array of 1 to " + std::to_string(kMaxTagsPerRequest) + " texts",
                   "tags");
  std::vector<std::string> tags;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto v = array->get(static_cast<unsigned>(i));
    const auto field = "tags[" + std::to_string(i) + "]";
    if (!v.isString()) throw ApiError(422, "invalid_type", field + " must be a text", field);
    const auto problem = db::tagProblem(v.toString());
    if (!problem.empty()) throw ApiError(422, "invalid_value", problem, field);
    tags.push_back(v.toString());
  }
  return tags;
}

}  // namespace

void EntityTagsApi::registerRoutes(Router& router) {
  using A = Route::Access;
  router.add({"GET", "/api/v1/entities/{type}/{id}/tags", A::kAuthenticated, "view_single",
              [this](auto& r) { return list(r); }});
  router.add({"POST", "/api/v1/entities/{type}/{id}/tags", A::kAuthenticated, "manage_entities",
              [this](auto& r) { return add(r); }});
  router.add({"DELETE", "/api/v1/entities/{type}/{id}/tags/{tag}", A::kAuthenticated,
              "manage_entities", [this](auto& r) { return remove(r); }});
}

ApiResponse EntityTagsApi::list(ApiRequest& request) {
  auto c = pool_.acquire();
  return tagsAnswer(*c, rowOf(*c, entities_, request));
}

ApiResponse EntityTagsApi::add(ApiRequest& request) {
  const auto tags = readTags(request.body);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  const auto row = rowOf(*c, entities_, request);
  db::TagRepository::add(*c, row.type.name, row.id, tags);
  auto answer = tagsAnswer(*c, row);
  tx.commit();
  return answer;
}

ApiResponse EntityTagsApi::remove(ApiRequest& request) {
  auto c = pool_.acquire();
  const auto row = rowOf(*c, entities_, request);
  const auto& tag = request.pathParams.at(2);
  if (!db::TagRepository::remove(*c, row.type.name, row.id, tag))
    throw ApiError(404, "not_found",
                   row.type.name + " " + std::to_string(row.id) + " has no tag '" + tag + "'");
  return {204, ""};
}

}  // namespace pigeon::host
