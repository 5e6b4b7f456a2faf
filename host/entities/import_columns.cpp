#include "entities/import_columns.h"

#include <set>

namespace pigeon::host {

namespace {

constexpr std::string_view kExternalIdSuffix = ".external_id";

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

ApiError badColumn(std::size_t index, const std::string& header, const std::string& why) {
  return ApiError(422, "invalid_column",
                  "column " + std::to_string(index + 1) + " '" + header + "': " + why, header);
}

}  // namespace

ImportColumns ImportColumns::fromHeader(const entity::EntityType& type,
                                        const std::vector<std::string>& header, bool createsRows) {
  ImportColumns out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < header.size(); ++i) {
    ImportColumn column;
    column.header = trimmed(header[i]);
    if (column.header.empty()) throw badColumn(i, column.header, "the header is empty");
    std::string fieldName = column.header;
    if (column.header == "external_id") {
      column.kind = ImportColumn::Kind::kExternalId;
      out.externalIdColumn = static_cast<int>(i);
    } else {
      if (column.header.size() > kExternalIdSuffix.size() &&
          column.header.ends_with(kExternalIdSuffix)) {
        fieldName = column.header.substr(0, column.header.size() - kExternalIdSuffix.size());
        column.kind = ImportColumn::Kind::kReferenceByExternalId;
      }
      column.field = entity::EntityCatalog::findField(type, fieldName);
      if (!column.field)
        throw badColumn(i, column.header,
                        "type '" + type.name + "' has no field '" + fieldName + "'");
      if (column.kind == ImportColumn::Kind::kReferenceByExternalId &&
          column.field->type != entity::FieldType::kReference)
        throw badColumn(i, column.header, "'" + fieldName + "' is not a reference");
    }
    if (!seen.insert(fieldName).second)
      throw badColumn(i, column.header, "another column sets '" + fieldName + "' already");
    if (column.field) {
      out.fields.push_back(column.field);
      out.fieldColumn.push_back(static_cast<int>(i));
    }
    out.columns.push_back(std::move(column));
  }
  if (createsRows)
    for (const auto& f : type.fields)
      if (f.required && !seen.count(f.name))
        throw ApiError(422, "missing_column",
                       "the file has no column for the required field '" + f.name + "'", f.name);
  return out;
}

}  // namespace pigeon::host
