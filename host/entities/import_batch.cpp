#include "entities/import_batch.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "repositories/entity_repository.h"

namespace pigeon::host {

namespace {

using entity::EntityRepository;

constexpr std::size_t kMaxExternalId = 255;

}  // namespace

ImportBatch::ImportBatch(const entity::EntityType& type, const entity::EntityCatalog& catalog,
                         const ImportColumns& columns, ImportMode mode,
                         entity::PhoneNormaliser phones)
    : type_(type), catalog_(catalog), columns_(columns), mode_(mode), phones_(std::move(phones)) {}

ImportBatch::Prepared ImportBatch::prepare(const std::vector<entity::CsvRecord>& records) const {
  Prepared out;
  out.records = records.size();
  auto& rows = out.rows;
  rows.reserve(records.size());
  const auto& fields = columns_.fields;
  for (const auto& record : records) {
    if (record.cells.size() != columns_.columns.size()) {
      out.errors.push_back({record.line, "",
                            "the row has " + std::to_string(record.cells.size()) +
                                " cells; the header has " +
                                std::to_string(columns_.columns.size())});
      continue;
    }
    Row r;
    r.line = record.line;
    r.values.resize(fields.size());
    r.byExternalId.resize(fields.size());
    if (columns_.externalIdColumn >= 0) {
      r.externalId = record.cells[columns_.externalIdColumn];
      if (r.externalId.size() > kMaxExternalId) {
        out.errors.push_back({r.line, "external_id", "longer than 255 bytes"});
        r.ok = false;
      }
    }
    for (std::size_t k = 0; k < fields.size(); ++k) {
      const auto& column = columns_.columns[columns_.fieldColumn[k]];
      const auto& cell = record.cells[columns_.fieldColumn[k]];
      if (cell.empty()) continue;
      if (column.kind == ImportColumn::Kind::kReferenceByExternalId) {
        r.byExternalId[k] = cell;
        continue;
      }
      db::Value v;
      if (auto problem = entity::toStored(*fields[k], cell, phones_, v); !problem.empty()) {
        out.errors.push_back({r.line, column.header, problem});
        r.ok = false;
        continue;
      }
      r.values[k] = std::move(v);
    }
    rows.push_back(std::move(r));
  }
  return out;
}

void ImportBatch::resolveReferences(db::Connection& c, std::vector<Row>& rows,
                                    BatchOutcome& out) const {
  const auto& fields = columns_.fields;
  for (std::size_t k = 0; k < fields.size(); ++k) {
    if (fields[k]->type != entity::FieldType::kReference) continue;
    const auto* target = catalog_.find(fields[k]->target);
    const auto& header = columns_.columns[columns_.fieldColumn[k]].header;
    std::vector<std::string> externalIds;
    std::vector<std::int64_t> ids;
    for (const auto& r : rows) {
      if (!r.byExternalId[k].empty()) externalIds.push_back(r.byExternalId[k]);
      if (r.values[k]) ids.push_back(db::asInt(*r.values[k]));
    }
    if (externalIds.empty() && ids.empty()) continue;
    const auto byExternal = EntityRepository::idsOf(c, *target, externalIds);
    const auto present = EntityRepository::existing(c, *target, ids);
    for (auto& r : rows) {
      if (!r.byExternalId[k].empty()) {
        auto it = byExternal.find(r.byExternalId[k]);
        if (it != byExternal.end()) {
          r.values[k] = it->second;
        } else {
          out.errors.push_back(
              {r.line, header,
               "no " + target->name + " with external_id '" + r.byExternalId[k] + "'"});
          r.ok = false;
        }
      } else if (r.values[k] && !present.count(db::asInt(*r.values[k]))) {
        out.errors.push_back(
            {r.line, header, "no " + target->name + " " + std::to_string(db::asInt(*r.values[k]))});
        r.ok = false;
      }
    }
  }
}

BatchOutcome ImportBatch::store(db::Connection& c, Prepared batch, std::int64_t now) const {
  BatchOutcome out;
  out.errors = std::move(batch.errors);
  auto& rows = batch.rows;
  db::Transaction tx(c);
  resolveReferences(c, rows, out);

  std::vector<std::string> externalIds;
  for (const auto& r : rows)
    if (r.ok && !r.externalId.empty()) externalIds.push_back(r.externalId);
  const auto stored = EntityRepository::idsOf(c, type_, externalIds);

  // New rows are inserted together first; then the rows that change one, in file order, so
  // a later line about the same external_id wins as it would one by one.
  std::map<std::string, std::size_t> newLine;  // external id -> the line that creates it
  std::vector<const Row*> inserts, updates;
  for (const auto& r : rows) {
    if (!r.ok) continue;
    const bool known =
        !r.externalId.empty() && (stored.count(r.externalId) || newLine.count(r.externalId));
    if (known && mode_ == ImportMode::kInsert) {
      const std::string why =
          stored.count(r.externalId)
              ? "a " + type_.name + " with external_id '" + r.externalId + "' exists"
              : "external_id '" + r.externalId + "' is on line " +
                    std::to_string(newLine[r.externalId]) + " already";
      out.errors.push_back({r.line, "external_id", why});
      continue;
    }
    if (known) {
      updates.push_back(&r);
      continue;
    }
    const entity::Field* missing = nullptr;
    for (const auto& f : type_.fields) {
      if (!f.required) continue;
      std::size_t k = 0;
      while (k < columns_.fields.size() && columns_.fields[k] != &f) ++k;
      if (k == columns_.fields.size() || !r.values[k]) {
        missing = &f;
        break;
      }
    }
    if (missing) {
      out.errors.push_back({r.line, missing->name,
                            "field '" + missing->name + "' is required for a new " + type_.name});
      continue;
    }
    inserts.push_back(&r);
    if (!r.externalId.empty()) newLine[r.externalId] = r.line;
  }

  std::vector<std::pair<std::string, std::vector<db::Value>>> newRows;
  newRows.reserve(inserts.size());
  for (const auto* r : inserts) {
    std::vector<db::Value> values;
    values.reserve(r->values.size());
    for (const auto& v : r->values) values.push_back(v.value_or(db::Value{}));
    newRows.emplace_back(r->externalId, std::move(values));
  }
  const auto ids = EntityRepository::insertMany(c, type_, columns_.fields, newRows, now);
  std::map<std::string, std::int64_t> created;
  for (std::size_t i = 0; i < inserts.size(); ++i)
    if (!inserts[i]->externalId.empty()) created[inserts[i]->externalId] = ids[i];

  for (const auto* r : updates) {
    entity::FieldValues values;
    for (std::size_t k = 0; k < r->values.size(); ++k)
      if (r->values[k]) values.emplace_back(columns_.fields[k], *r->values[k]);
    const auto it = stored.find(r->externalId);
    EntityRepository::update(c, type_, it != stored.end() ? it->second : created[r->externalId],
                             values, now);
  }
  tx.commit();
  std::stable_sort(
      out.errors.begin(), out.errors.end(),
      [](const ImportRowError& a, const ImportRowError& b) { return a.line < b.line; });
  out.created = static_cast<std::int64_t>(inserts.size());
  out.updated = static_cast<std::int64_t>(updates.size());
  return out;
}

}  // namespace pigeon::host
