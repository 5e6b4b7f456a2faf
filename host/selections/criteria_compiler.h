#pragma once
// Selections are written in a JSON criteria language (docs/SELECTIONS.md) over one entity
// type: field comparisons, relative dates, related rows, tags, consent, replies and messages,
// in all/any/not groups. CriteriaCompiler turns them into one SQL condition on the type's table
// (alias t0) with every value bound as a parameter, for SQLite and MariaDB alike: no text from
// a request is ever pasted into SQL; field and type names are checked against the catalog and
// only their declared names reach the statement.

#include <cstdint>
#include <string>

#include <Poco/Dynamic/Var.h>

#include "db/value.h"
#include "phone/phone_normalizer.h"
#include "schema/entity_catalog.h"
#include "selections/criteria_scope.h"

namespace pigeon::host::selections {

struct CompiledCriteria {
  std::string where;  // a condition on t0, the selected type's row
  db::Params params;
};

class CriteriaCompiler {
public:
  CriteriaCompiler(const entity::EntityCatalog& catalog, const phone::PhoneNormalizer& phones)
      : catalog_(catalog), phones_(phones) {}

  // ApiError 422 invalid_criteria naming where ("criteria.all[2].op") and what is wrong.
  CompiledCriteria compile(const entity::EntityType& type, const Poco::Dynamic::Var& criteria,
                           CriteriaClock clock) const;

  // SELECT COUNT(*) of the rows that match.
  static std::string countSql(const entity::EntityType& type, const CompiledCriteria& c);
  // SELECT t0.id of the rows that match, after an id (bound last), by id, at most `limit`.
  static std::string idsSql(const entity::EntityType& type, const CompiledCriteria& c, int limit);

private:
  const entity::EntityCatalog& catalog_;
  const phone::PhoneNormalizer& phones_;
};

}  // namespace pigeon::host::selections
