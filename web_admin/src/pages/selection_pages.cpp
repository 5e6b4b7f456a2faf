#include "pages/selection_pages.h"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

#include "api/json_util.h"
#include "pages/entity_type_options.h"
#include "pages/utc_offset_field.h"

namespace pigeon::web {

namespace {

constexpr std::size_t kMaxCriteria = 20000;

std::string countText(const host::SelectionCount& n) {
  return std::to_string(n.count) + (n.count == 1 ? " row" : " rows") + " (counted in " +
         std::to_string(n.tookMs) + " ms)";
}

std::string compactJson(const Poco::Dynamic::Var& v) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(v, out);
  return out.str();
}

// The form as SelectionService takes it. ApiError 422 naming the field.
host::SelectionDraft draftOf(const WebRequest& request) {
  host::SelectionDraft d;
  d.name = request.field("name", "Name", 100);
  d.entityType = request.field("entity_type", "Entity type", 64);
  const auto criteria = request.field("criteria", "Criteria", kMaxCriteria);
  try {
    d.criteria = Poco::JSON::Parser().parse(criteria.empty() ? "{}" : criteria);
  } catch (const Poco::Exception& e) {
    throw host::ApiError(422, "invalid_json", "Criteria are not JSON: " + e.message(), "criteria");
  }
  d.utcOffsetMinutes = utcOffsetField(request);
  return d;
}

}  // namespace

void SelectionPages::addRoutes(SiteRoutes& routes) {
  using A = SiteRoute::Access;
  routes.push_back({"GET", "/selections", A::kSignedIn, "view_bulk",
                    [this](auto& r) { return show(r, Data(), Data(), "", 200); }});
  // Counting needs what the API's count needs; saving what the API's save needs.
  routes.push_back({"POST", "/selections/count", A::kSignedIn, "view_bulk",
                    [this](auto& r) { return submit(r, false); }});
  routes.push_back({"POST", "/selections", A::kSignedIn, "send_bulk",
                    [this](auto& r) { return submit(r, true); }});
  routes.push_back({"POST", "/selections/{id}/delete", A::kSignedIn, "send_bulk",
                    [this](auto& r) { return remove(r); }});
}

WebResponse SelectionPages::show(WebRequest& request, Data form, Data counted,
                                 const std::string& error, int status) {
  const auto countId = host::parseId(request.queryValue("count"));
  Data rows = list();
  for (const auto& s : services_.selections.list()) {
    Data d;
    d.set("id", std::to_string(s.id));
    d.set("name", s.name);
    d.set("entityType", s.entityType);
    d.set("criteria", compactJson(host::SelectionService::criteriaOf(s)));
    d.set("utcOffset", host::formatUtcOffset(s.utcOffsetMinutes));
    d.set("createdBy", s.createdBy);
    if (countId && *countId == s.id) d.set("count", countText(services_.selections.count(s)));
    rows.push_back(d);
  }
  const auto chosen = form.get("entity_type") ? form.get("entity_type")->string_value() : "contact";
  Data data;
  data.set("selections", rows);
  data.set("types", entityTypeOptions(services_.entities, chosen));
  for (const char* field : {"name", "criteria", "utc_offset"})
    if (const auto* v = form.get(field)) data.set(std::string("f_") + field, v->string_value());
  if (!form.get("criteria")) data.set("f_criteria", std::string("{}"));
  if (!form.get("utc_offset")) data.set("f_utc_offset", std::string("+00:00"));
  if (!counted.is_empty_object()) data.set("counted", counted);
  if (!error.empty()) data.set("error", error);
  if (request.caller().can("send_bulk")) data.set("maySave", true);
  return renderer_.page(request, "selections", "Selections", data, status);
}

// "Count" counts the criteria as typed; "Save" saves them under the name.
WebResponse SelectionPages::submit(WebRequest& request, bool save) {
  Data form;
  for (const char* field : {"name", "entity_type", "criteria", "utc_offset"})
    form.set(field, request.field(field));
  try {
    auto draft = draftOf(request);
    if (!save) {
      Data counted;
      counted.set("text", countText(services_.selections.count(draft)));
      counted.set("entityType", draft.entityType);
      return show(request, form, counted, "", 200);
    }
    const auto saved = services_.selections.create(draft, request.caller().name);
    return WebResponse::redirect("/selections?count=" + std::to_string(saved.id),
                                 "Selection " + saved.name + " saved.");
  } catch (const host::ApiError& e) {
    if (e.status() != 422 && e.status() != 409) throw;
    return show(request, form, Data(), e.what(), 422);
  }
}

WebResponse SelectionPages::remove(WebRequest& request) {
  const auto id = host::parseId(request.params.at(0));
  if (!id) throw host::ApiError(404, "not_found", "no selection " + request.params.at(0));
  services_.selections.remove(*id);
  return WebResponse::redirect("/selections", "Selection deleted.");
}

}  // namespace pigeon::web
