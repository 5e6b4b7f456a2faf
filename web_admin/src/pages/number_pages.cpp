#include "pages/number_pages.h"

#include <algorithm>
#include <set>

#include "api/json_util.h"
#include "form_problem.h"

namespace pigeon::web {

namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The form as NumberDirectory takes it: a user ticked as default may send from it too.
host::NumberInput inputOf(const WebRequest& r) {
  host::NumberInput in;
  in.number = r.field("number", "Number", 32);
  in.instance = r.field("instance", "Provider instance", 64);
  in.label = r.field("label", "Label", 100);
  in.owner = r.field("owner", "Inbox owner", 100);
  const auto defaults = r.fields("default");
  std::set<std::string> seen;
  for (const auto& name : r.fields("users"))
    if (seen.insert(name).second) in.users.emplace_back(name, contains(defaults, name));
  for (const auto& name : defaults)
    if (seen.insert(name).second) in.users.emplace_back(name, true);
  return in;
}

// What was posted, shown again beside its error.
db::SenderNumber postedNumber(const WebRequest& r) {
  db::SenderNumber n;
  n.number = r.field("number");
  n.instance = r.field("instance");
  n.label = r.field("label");
  n.ownerName = r.field("owner");
  const auto defaults = r.fields("default");
  const auto users = r.fields("users");
  for (const auto& name : users) n.users.push_back({0, name, contains(defaults, name)});
  for (const auto& name : defaults)
    if (!contains(users, name)) n.users.push_back({0, name, true});
  return n;
}

}  // namespace

void NumberPages::addRoutes(SiteRoutes& routes) {
  using A = SiteRoute::Access;
  routes.push_back(
      {"GET", "/numbers", A::kSignedIn, "view_single", [this](auto& r) { return show(r); }});
  routes.push_back({"POST", "/numbers", A::kSignedIn, "manage_providers",
                    [this](auto& r) { return create(r); }});
  routes.push_back({"GET", "/numbers/{id}", A::kSignedIn, "manage_providers",
                    [this](auto& r) { return edit(r); }});
  routes.push_back({"POST", "/numbers/{id}", A::kSignedIn, "manage_providers",
                    [this](auto& r) { return update(r); }});
  routes.push_back({"POST", "/numbers/{id}/delete", A::kSignedIn, "manage_providers",
                    [this](auto& r) { return remove(r); }});
}

db::SenderNumber NumberPages::existing(const WebRequest& request) const {
  const auto id = request.pathId(0, "sender number");
  for (const auto& n : services_.numbers.list())
    if (n.id == id) return n;
  throw host::ApiError(404, "not_found", "no sender number " + request.params.at(0));
}

std::string NumberPages::formHtml(const WebRequest& request, const db::SenderNumber& number,
                                  const std::string& action, const std::string& error) const {
  Data d;
  d.set("csrf", request.session->csrf);
  d.set("action", action);
  d.set("editing", number.id != 0);
  d.set("number", number.number);
  d.set("label", number.label);
  Data instances = list();
  for (const auto& i : services_.providers.all()) {
    Data o;
    o.set("name", i->name());
    if (i->name() == number.instance) o.set("selected", true);
    instances.push_back(o);
  }
  d.set("instances", instances);
  Data owners = list(), users = list();
  for (const auto& u : services_.users.list()) {
    if (u.disabled) continue;
    Data o;
    o.set("name", u.name);
    if (u.name == number.ownerName) o.set("selected", true);
    owners.push_back(o);
    Data row;
    row.set("name", u.name);
    row.set("uid", std::to_string(u.id));
    for (const auto& nu : number.users) {
      if (nu.userName != u.name) continue;
      row.set("may", true);
      if (nu.isDefault) row.set("isDefault", true);
    }
    users.push_back(row);
  }
  d.set("owners", owners);
  d.set("users", users);
  if (!error.empty()) d.set("error", error);
  return renderer_.fragment("number_form", d);
}

WebResponse NumberPages::show(WebRequest& request, const std::string& error, int status) {
  const auto& caller = request.caller();
  Data rows = list();
  for (const auto& n : services_.numbers.list()) {
    if (!host::NumberDirectory::mayView(caller, n)) continue;
    Data d;
    d.set("id", std::to_string(n.id));
    d.set("number", n.number);
    d.set("instance", n.instance.empty() ? std::string("(routing decides)") : n.instance);
    d.set("label", n.label);
    d.set("owner", n.ownerName.empty() ? std::string("whoever wrote last") : n.ownerName);
    std::vector<std::string> users;
    for (const auto& u : n.users) users.push_back(u.userName + (u.isDefault ? " (default)" : ""));
    d.set("users", users.empty() ? std::string("anyone") : commaSeparated(users));
    rows.push_back(d);
  }
  Data data;
  data.set("numbers", rows);
  if (caller.can("manage_providers")) {
    data.set("mayChange", true);
    db::SenderNumber blank;
    if (!error.empty()) blank = postedNumber(request);
    data.set("formHtml", formHtml(request, blank, "/numbers", error));
  }
  return renderer_.page(request, "numbers", "Numbers", data, status);
}

WebResponse NumberPages::edit(WebRequest& request, const std::string& error, int status) {
  auto number = existing(request);
  const bool posted = !error.empty();
  if (posted) {
    const auto id = number.id;
    number = postedNumber(request);
    number.id = id;
  }
  Data data;
  data.set("id", std::to_string(number.id));
  data.set("number", number.number);
  data.set("formHtml", formHtml(request, number, "/numbers/" + request.params.at(0), error));
  return renderer_.page(request, "number", "Number " + number.number, data, status);
}

WebResponse NumberPages::create(WebRequest& request) {
  try {
    const auto saved = services_.numbers.create(inputOf(request));
    return WebResponse::redirect("/numbers", "Number " + saved.number + " added.");
  } catch (const host::ApiError& e) {
    if (!isFormProblem(e)) throw;
    return show(request, problemText(e), 422);
  }
}

WebResponse NumberPages::update(WebRequest& request) {
  const auto number = existing(request);
  try {
    const auto saved = services_.numbers.update(number.id, inputOf(request));
    return WebResponse::redirect("/numbers", "Number " + saved.number + " changed.");
  } catch (const host::ApiError& e) {
    if (!isFormProblem(e)) throw;
    return edit(request, problemText(e), 422);
  }
}

WebResponse NumberPages::remove(WebRequest& request) {
  const auto number = existing(request);
  services_.numbers.remove(number.id);
  return WebResponse::redirect("/numbers", "Number " + number.number + " removed.");
}

}  // namespace pigeon::web
