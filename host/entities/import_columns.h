#pragma once
// What each column of an import file holds, read from its header line: `external_id`, a field
// by name, or `<reference>.external_id` (the referred row by the CRM's id). Any other header,
// a column named twice, or a required field without a column (when rows are created) is an
// ApiError 422 naming the column, before a single row is read.

#include <string>
#include <vector>

#include "api/api_types.h"
#include "schema/entity_catalog.h"

namespace pigeon::host {

struct ImportColumn {
  enum class Kind { kExternalId, kField, kReferenceByExternalId };
  Kind kind = Kind::kField;
  std::string header;
  const entity::Field* field = nullptr;  // kField, kReferenceByExternalId
};

struct ImportColumns {
  std::vector<ImportColumn> columns;  // in file order
  int externalIdColumn = -1;
  // The fields the file sets, and which column each comes from, for multi-row INSERTs.
  std::vector<const entity::Field*> fields;
  std::vector<int> fieldColumn;

  static ImportColumns fromHeader(const entity::EntityType& type,
                                  const std::vector<std::string>& header, bool createsRows);
};

}  // namespace pigeon::host
