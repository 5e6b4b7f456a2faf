#include "api/entity_import_api.h"

#include <Poco/JSON/Array.h>

#include "api/json_util.h"

namespace pigeon::host {

namespace {

ImportOptions readOptions(const ApiRequest& request) {
  return importOptions(request.queryValue("mode"), request.queryValue("delimiter"));
}

Poco::JSON::Object progressJson(const ImportProgress& p) {
  Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
  o.set("id", p.id);
  o.set("type", p.type);
  o.set("state", p.state);
  o.set("bytes_read", static_cast<std::uint64_t>(p.bytesRead));
  o.set("bytes_total", static_cast<std::uint64_t>(p.bytesTotal));
  o.set("rows", p.rows);
  o.set("created", p.created);
  o.set("updated", p.updated);
  o.set("failed", p.failed);
  Poco::JSON::Array errors;
  for (const auto& e : p.errors) {
    Poco::JSON::Object eo(Poco::JSON_PRESERVE_KEY_ORDER);
    eo.set("line", static_cast<std::uint64_t>(e.line));
    eo.set("column", e.column.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(e.column));
    eo.set("message", e.message);
    errors.add(eo);
  }
  o.set("errors", errors);
  o.set("failure", p.failure.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(p.failure));
  o.set("started_at", isoTime(p.startedAt));
  o.set("finished_at",
        p.finishedAt ? Poco::Dynamic::Var(isoTime(p.finishedAt)) : Poco::Dynamic::Var());
  return o;
}

}  // namespace

void EntityImportApi::registerRoutes(Router& router) {
  using A = Route::Access;
  const std::string right = "manage_entities";
  Route start{"POST", "/api/v1/entities/{type}/import", A::kAuthenticated, right,
              [this](auto& r) { return this->start(r); }};
  start.maxBody = kMaxFileBytes;
  router.add(std::move(start));
  router.add({"GET", "/api/v1/entities/{type}/import", A::kAuthenticated, right,
              [this](auto& r) { return list(r); }});
  router.add({"GET", "/api/v1/entities/{type}/import/{id}", A::kAuthenticated, right,
              [this](auto& r) { return get(r); }});
}

ApiResponse EntityImportApi::start(ApiRequest& request) {
  const auto& type = service_.type(request.pathParams.at(0));
  const auto options = readOptions(request);
  const auto progress = imports_.start(type, std::move(request.body), options);
  return {202, toJson(progressJson(progress))};
}

ApiResponse EntityImportApi::list(ApiRequest& request) {
  const auto& type = service_.type(request.pathParams.at(0));
  Poco::JSON::Array items;
  for (const auto& p : imports_.recent())
    if (p.type == type.name) items.add(progressJson(p));
  Poco::JSON::Object out;
  out.set("imports", items);
  return {200, toJson(out)};
}

ApiResponse EntityImportApi::get(ApiRequest& request) {
  const auto& type = service_.type(request.pathParams.at(0));
  auto p = imports_.find(request.pathParams.at(1));
  if (!p || p->type != type.name)
    throw ApiError(404, "not_found", "no import " + request.pathParams.at(1) + " of " + type.name);
  return {200, toJson(progressJson(*p))};
}

}  // namespace pigeon::host
