// EntityPages: a CSV file imported from the browse page, and its progress.

#include "api/json_util.h"
#include "pages/entity_pages.h"

namespace pigeon::web {

namespace {

std::string percentOf(const host::ImportProgress& p) {
  if (p.state == "done" || p.bytesTotal == 0) return "100";
  return std::to_string(p.bytesRead * 100 / p.bytesTotal);
}

std::string importPath(const host::ImportProgress& p) {
  return "/entities/" + p.type + "/imports/" + p.id;
}

}  // namespace

WebResponse EntityPages::startImport(WebRequest& request) {
  const auto& type = typeOf(request);
  auto file = request.files.find("file");
  if (file == request.files.end() || file->second.content.empty())
    return browse(request, "Choose a CSV file to import (it was missing or empty).", 422);
  const auto& name = file->second.fileName;
  try {
    const auto options = host::importOptions(request.field("mode"), request.field("delimiter"));
    const auto started = services_.imports.start(type, std::move(file->second.content), options);
    return WebResponse::redirect(importPath(started),
                                 "Importing " + (name.empty() ? "the file" : name) + ".");
  } catch (const host::ApiError& e) {
    if (e.status() != 400 && e.status() != 422 && e.status() != 429) throw;
    return browse(request, (name.empty() ? "" : name + ": ") + e.what(), e.status());
  }
}

host::ImportProgress EntityPages::importOf(const WebRequest& request) const {
  const auto& type = typeOf(request);
  const auto progress = services_.imports.find(request.params.at(1));
  if (!progress || progress->type != type.name)
    throw host::ApiError(404, "not_found",
                         "no import " + request.params.at(1) + " of " + type.name +
                             " (a restart forgets imports; the rows they stored stay)");
  return *progress;
}

WebResponse EntityPages::importPage(WebRequest& request) {
  const auto& type = typeOf(request);
  const auto progress = importOf(request);
  Data data;
  data.set("type", type.name);
  data.set("label", type.label);
  data.set("id", progress.id);
  data.set("pollUrl", importPath(progress) + "/progress");
  data.set("progressHtml", progressHtml(progress));
  return renderer_.page(request, "entity_import", "Import " + progress.id, data);
}

WebResponse EntityPages::importProgress(WebRequest& request) {
  WebResponse out;
  out.body = progressHtml(importOf(request));
  return out;
}

std::string EntityPages::progressHtml(const host::ImportProgress& p) const {
  Data d;
  d.set("state", p.state);
  if (p.state != "running") d.set("finished", true);
  d.set("percent", percentOf(p));
  d.set("bytesRead", text(static_cast<long long>(p.bytesRead)));
  d.set("bytesTotal", text(static_cast<long long>(p.bytesTotal)));
  d.set("rows", text(p.rows));
  d.set("created", text(p.created));
  d.set("updated", text(p.updated));
  d.set("failed", text(p.failed));
  d.set("started", host::isoTime(p.startedAt));
  if (p.finishedAt) d.set("finishedAt", host::isoTime(p.finishedAt));
  if (!p.failure.empty()) d.set("failure", p.failure);
  Data errors = list();
  for (const auto& e : p.errors) {
    Data row;
    row.set("line", text(static_cast<long long>(e.line)));
    row.set("column", e.column.empty() ? std::string("(the row)") : e.column);
    row.set("message", e.message);
    errors.push_back(row);
  }
  d.set("errors", errors);
  if (!p.errors.empty()) d.set("hasErrors", true);
  if (p.errors.size() >= host::EntityImports::kMaxErrors)
    d.set("capped", text(static_cast<long long>(host::EntityImports::kMaxErrors)));
  return renderer_.fragment("import_progress", d);
}

Data EntityPages::recentImports(const std::string& type) const {
  Data rows = list();
  for (const auto& p : services_.imports.recent()) {
    if (p.type != type) continue;
    Data d;
    d.set("id", p.id);
    d.set("href", importPath(p));
    d.set("state", p.state);
    d.set("percent", percentOf(p));
    d.set("started", host::isoTime(p.startedAt));
    d.set("rows", text(p.rows));
    d.set("failed", text(p.failed));
    rows.push_back(d);
  }
  return rows;
}

}  // namespace pigeon::web
