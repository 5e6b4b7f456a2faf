#pragma once
// One batch of an import: its rows converted and checked (cells, references, external ids,
// required fields), then stored in one transaction: new rows in multi-row INSERTs, rows that
// exist (by external_id) changed one by one in file order. Bad rows are reported, not stored.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"
#include "entities/import_columns.h"
#include "schema/csv_reader.h"
#include "schema/field_codec.h"

namespace pigeon::host {

enum class ImportMode {
  kInsert,  // every row is new; an external_id that exists is an error for that row
  kUpsert,  // a row whose external_id exists changes that row; its empty cells keep the values
};

struct ImportRowError {
  std::size_t line = 0;
  std::string column;  // the header, or empty for the whole row
  std::string message;
};

struct BatchOutcome {
  std::int64_t created = 0;
  std::int64_t updated = 0;
  std::vector<ImportRowError> errors;
};

class ImportBatch {
public:
  struct Row {
    std::size_t line = 0;
    std::string externalId;
    std::vector<std::optional<db::Value>> values;  // per ImportColumns::fields; nullopt: empty
    std::vector<std::string> byExternalId;         // per field: the referred row's external id
    bool ok = true;
  };
  // A batch's cells converted, before the store is asked anything.
  struct Prepared {
    std::size_t records = 0;
    std::vector<Row> rows;
    std::vector<ImportRowError> errors;
  };

  ImportBatch(const entity::EntityType& type, const entity::EntityCatalog& catalog,
              const ImportColumns& columns, ImportMode mode, entity::PhoneNormaliser phones);

  // Converts every cell (no store access, so the next batch is prepared while one is stored).
  Prepared prepare(const std::vector<entity::CsvRecord>& records) const;
  // Resolves references and external ids and stores the rows in one transaction. Throws
  // db::DbError when the store fails (the transaction is rolled back).
  BatchOutcome store(db::Connection& c, Prepared batch, std::int64_t now) const;

private:
  void resolveReferences(db::Connection& c, std::vector<Row>& rows, BatchOutcome& out) const;

  const entity::EntityType& type_;
  const entity::EntityCatalog& catalog_;
  const ImportColumns& columns_;
  ImportMode mode_;
  entity::PhoneNormaliser phones_;
};

}  // namespace pigeon::host
