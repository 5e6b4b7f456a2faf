#include "pages/entity_pages.h"

#include <Poco/URI.h>

#include <cctype>

#include "api/json_util.h"
#include "api/message_json.h"
#include "keywords/text_fold.h"
#include "schema/entity_catalog.h"
#include "schema/field_codec.h"

namespace pigeon::web {

namespace {

constexpr int kRowsShown = 50;

// A field's value as a cell shows it: a referred row as a link, a phone number masked for
// callers without view_personal_data.
Data cellOf(const entity::Field& field, const db::Value& stored, bool personal) {
  Data cell;
  cell.set("label", field.label.empty() ? field.name : field.label);
  auto text = entity::shownText(entity::toShown(field, stored));
  if (field.type == entity::FieldType::kPhone && !personal && !text.empty())
    text = host::maskNumber(text);
  if (field.type == entity::FieldType::kReference && !text.empty())
    cell.set("href", "/entities/" + field.target + "/" + text);
  cell.set("text", text);
  return cell;
}

Data headersOf(const entity::EntityType& type) {
  Data headers = list();
  for (const auto& f : type.fields) headers.push_back(Data(f.label.empty() ? f.name : f.label));
  return headers;
}

// A search that starts like a phone number looks the phone field up; any other the start of
// the display field.
bool looksLikePhone(const std::string& q) {
  return !q.empty() && (q.front() == '+' || std::isdigit(static_cast<unsigned char>(q.front())));
}

}  // namespace

void EntityPages::addRoutes(SiteRoutes& routes) {
  using A = SiteRoute::Access;
  routes.push_back(
      {"GET", "/entities", A::kSignedIn, "view_single", [this](auto& r) { return types(r); }});
  routes.push_back({"GET", "/entities/{type}", A::kSignedIn, "view_single",
                    [this](auto& r) { return browse(r); }});
  SiteRoute upload{"POST", "/entities/{type}/import", A::kSignedIn, "manage_entities",
                   [this](auto& r) { return startImport(r); }};
  upload.maxBody = kMaxImportBytes;
  routes.push_back(std::move(upload));
  routes.push_back({"GET", "/entities/{type}/imports/{id}", A::kSignedIn, "manage_entities",
                    [this](auto& r) { return importPage(r); }});
  routes.push_back({"GET", "/entities/{type}/imports/{id}/progress", A::kSignedIn,
                    "manage_entities", [this](auto& r) { return importProgress(r); }});
  routes.push_back({"GET", "/entities/{type}/{id}", A::kSignedIn, "view_single",
                    [this](auto& r) { return row(r); }});
}

const entity::EntityType& EntityPages::typeOf(const WebRequest& request) const {
  return services_.entities.type(request.params.at(0));  // ApiError 404 naming it
}

WebResponse EntityPages::types(WebRequest& request) {
  Data types = list();
  for (const auto& t : services_.entities.catalog().types()) {
    Data d;
    d.set("name", t.name);
    d.set("label", t.label);
    std::vector<std::string> fields;
    for (const auto& f : t.fields) fields.push_back(f.name);
    d.set("fields", commaSeparated(fields));
    d.set("phoneField", t.phoneField.empty() ? std::string("none") : t.phoneField);
    types.push_back(d);
  }
  Data data;
  data.set("types", types);
  if (request.caller().can("manage_entities")) data.set("mayImport", true);
  return renderer_.page(request, "entity_types", "Entities", data);
}

WebResponse EntityPages::browse(WebRequest& request, const std::string& importError, int status) {
  const auto& type = typeOf(request);
  const bool personal = request.caller().can("view_personal_data");
  host::ListQuery query;
  query.limit = kRowsShown;
  const auto q = host::keywords::utf8Prefix(request.queryValue("q"), 100);
  Data data;
  if (looksLikePhone(q) && !type.phoneField.empty() && personal)
    query.equals.emplace_back(type.phoneField, q);
  else if (!q.empty() && !type.displayField.empty())
    query.search = q;
  else if (!q.empty())
    data.set("searchProblem", type.label +
                                  " have no display field to search; search by phone "
                                  "number or open a row by its id.");
  if (auto after = host::parseId(request.queryValue("after"))) query.afterId = *after;

  std::vector<entity::EntityRecord> rows;
  try {
    rows = services_.entities.list(type, query);
  } catch (const host::ApiError& e) {
    if (e.status() != 400) throw;
    data.set("searchProblem", std::string(e.what()));  // a number that is not one, say
  }
  Data items = list();
  for (const auto& r : rows) {
    Data d;
    d.set("id", std::to_string(r.id));
    d.set("externalId", r.externalId);
    Data cells = list();
    for (std::size_t i = 0; i < type.fields.size() && i < r.values.size(); ++i)
      cells.push_back(cellOf(type.fields[i], r.values[i], personal));
    d.set("cells", cells);
    items.push_back(d);
  }
  data.set("type", type.name);
  data.set("label", type.label);
  if (const auto* display = entity::EntityCatalog::findField(type, type.displayField))
    data.set("displayLabel", display->label.empty() ? display->name : display->label);
  data.set("headers", headersOf(type));
  data.set("columns", std::to_string(type.fields.size() + 2));
  data.set("rows", items);
  if (!q.empty()) data.set("q", q);  // a section: an empty text would still render it
  if (static_cast<int>(rows.size()) == kRowsShown) {
    std::string next;
    Poco::URI::encode(q, "?#&=+/", next);
    data.set("next",
             "/entities/" + type.name + "?q=" + next + "&after=" + std::to_string(rows.back().id));
  }
  if (query.afterId) data.set("first", "/entities/" + type.name);
  if (request.caller().can("manage_entities")) {
    data.set("mayImport", true);
    data.set("imports", recentImports(type.name));
  }
  if (!importError.empty()) data.set("importError", importError);
  return renderer_.page(request, "entities", type.label, data, status);
}

WebResponse EntityPages::row(WebRequest& request) {
  const auto& type = typeOf(request);
  const auto r = services_.entities.get(type, request.pathId(1, type.name));  // ApiError 404
  const bool personal = request.caller().can("view_personal_data");
  Data cells = list();
  for (std::size_t i = 0; i < type.fields.size() && i < r.values.size(); ++i)
    cells.push_back(cellOf(type.fields[i], r.values[i], personal));
  Data data;
  data.set("type", type.name);
  data.set("label", type.label);
  data.set("id", std::to_string(r.id));
  data.set("externalId", r.externalId);
  data.set("cells", cells);
  data.set("created", host::isoTime(r.createdAt));
  data.set("updated", host::isoTime(r.updatedAt));
  return renderer_.page(request, "entity", type.label + " " + std::to_string(r.id), data);
}

}  // namespace pigeon::web
