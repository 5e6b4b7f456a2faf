#include "templates/batch_renderer.h"

#include <map>

#include "db/sql_batches.h"
#include "pigeon/sdk/text/sms_text.h"

namespace pigeon::host {

namespace {

using entity::EntityRecord;
using entity::EntityRepository;

constexpr int kIdChunk = 512;

std::optional<std::size_t> indexOf(const entity::EntityType& type, const std::string& name) {
  for (std::size_t i = 0; i < type.fields.size(); ++i)
    if (type.fields[i].name == name) return i;
  return std::nullopt;
}

// The rows of `type` with these ids, by id: one statement per chunk of ids.
std::map<std::int64_t, EntityRecord> readRows(db::Connection& c, const entity::EntityType& type,
                                              std::set<std::int64_t> wanted) {
  std::map<std::int64_t, EntityRecord> out;
  std::vector<std::int64_t> ids(wanted.begin(), wanted.end());
  db::forEachIdChunk(ids, kIdChunk, [&](const db::Params& chunk, const std::string& marks) {
    for (auto& row : EntityRepository::matching(c, type, "t0.id IN (" + marks + ")", chunk, 0,
                                                static_cast<int>(chunk.size())))
      out.emplace(row.id, std::move(row));
  });
  return out;
}

}  // namespace

const entity::Field* recipientReference(const entity::EntityCatalog& catalog,
                                        const entity::EntityType& type) {
  if (!type.phoneField.empty()) return nullptr;
  for (const auto& f : type.fields)
    if (f.type == entity::FieldType::kReference)
      if (const auto* target = catalog.find(f.target); target && !target->phoneField.empty())
        return &f;
  return nullptr;
}

BatchRenderer::BatchRenderer(const entity::EntityCatalog& catalog, const entity::EntityType& type,
                             std::optional<db::TemplateRecord> t)
    : catalog_(catalog), type_(type), template_(std::move(t)), engine_(catalog) {
  recipient_ = recipientReference(catalog, type);
  phoneIndex_ = indexOf(type, type.phoneField);
  if (!template_) return;
  engine_.check(*template_);
  for (const auto& tag : scanTags(template_->body)) {
    const auto dot = tag.name.find('.');
    if (dot != std::string::npos) usedReferences_.insert(tag.name.substr(0, dot));
  }
}

std::string textProblem(const std::string& text, int maxParts) {
  if (text.empty()) return "empty_text";
  const auto analysis = sdk::text::analyzeText(text);
  if (!analysis.validUtf8) return "render_failed";
  if (analysis.parts > maxParts) return "too_long";
  return "";
}

std::vector<RenderedRow> BatchRenderer::render(db::Connection& c,
                                               std::vector<EntityRecord> rows) const {
  // The referenced rows the text or the number needs, read per field.
  std::map<std::string, std::map<std::int64_t, EntityRecord>> referred;
  for (std::size_t i = 0; i < type_.fields.size(); ++i) {
    const auto& f = type_.fields[i];
    if (f.type != entity::FieldType::kReference) continue;
    if (&f != recipient_ && !usedReferences_.count(f.name)) continue;
    const auto* target = catalog_.find(f.target);
    if (!target) continue;
    std::set<std::int64_t> ids;
    for (const auto& row : rows)
      if (!db::isNull(row.values[i])) ids.insert(db::asInt(row.values[i]));
    referred[f.name] = readRows(c, *target, std::move(ids));
  }

  std::vector<RenderedRow> out;
  out.reserve(rows.size());
  for (auto& row : rows) {
    RenderedRow r;
    r.entityId = row.id;
    TemplateScope scope;
    for (std::size_t i = 0; i < type_.fields.size(); ++i) {
      const auto& f = type_.fields[i];
      auto found = referred.find(f.name);
      if (found == referred.end() || db::isNull(row.values[i])) continue;
      auto referredRow = found->second.find(db::asInt(row.values[i]));
      if (referredRow == found->second.end()) continue;
      const auto* target = catalog_.find(f.target);
      if (&f == recipient_)
        if (auto phone = indexOf(*target, target->phoneField))
          r.to = db::asString(referredRow->second.values[*phone]);
      if (usedReferences_.count(f.name)) scope.rows[f.name] = {target, referredRow->second};
    }
    if (phoneIndex_ && !db::isNull(row.values[*phoneIndex_]))
      r.to = db::asString(row.values[*phoneIndex_]);
    if (r.to.empty()) r.problem = "no_phone";
    if (template_ && r.problem.empty()) {
      scope.rows[type_.name] = {&type_, std::move(row)};
      try {
        r.text = engine_.render(*template_, scope);
      } catch (const std::exception&) {
        r.problem = "render_failed";
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace pigeon::host
