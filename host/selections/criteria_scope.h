#pragma once
// What compiling one criterion sees: the entity type it is about and the SQL alias of its row,
// the parameters bound so far, the clock relative dates count from, and the limits that keep a
// request from building a statement the store would choke on. Each criterion kind compiles to
// one SQL condition that is never NULL where it matters (see criteria_compiler.cpp), with
// every value bound as a parameter.

#include <cstdint>
#include <string>
#include <utility>

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include "db/value.h"
#include "phone/phone_normalizer.h"
#include "schema/entity_catalog.h"
#include "schema/entity_tables.h"

namespace pigeon::host::selections {

// "Now" for relative dates, and the UTC offset at which days begin (a clinic in Moscow counts
// "tomorrow" from Moscow's midnight).
struct CriteriaClock {
  std::int64_t nowMs = 0;
  int utcOffsetMinutes = 0;

  // Today's day number (days since 1970-01-01) at the offset.
  std::int64_t today() const;
  // The instant (ms) the given day begins at the offset.
  std::int64_t dayStartMs(std::int64_t day) const;
};

inline constexpr int kMaxCriteria = 200;             // criteria in one selection, groups included
inline constexpr int kMaxDepth = 12;                 // groups and relations nested in each other
inline constexpr std::size_t kMaxListValues = 1000;  // values of one in / not_in

// Shared by every scope of one compilation.
struct CompileState {
  const entity::EntityCatalog& catalog;
  const phone::PhoneNormalizer& phones;
  CriteriaClock clock;
  db::Params params;
  int criteria = 0;
  int aliases = 1;  // t0 is the selected row
};

class CriteriaScope {
public:
  CriteriaScope(CompileState& state, const entity::EntityType& type, std::string alias, int depth)
      : state_(state), type_(type), alias_(std::move(alias)), depth_(depth) {}

  const entity::EntityType& type() const { return type_; }
  const std::string& alias() const { return alias_; }
  CompileState& state() { return state_; }
  const CriteriaClock& clock() const { return state_.clock; }

  // Binds a value and returns its placeholder. Call it in the order the placeholders appear
  // in the SQL text: never twice within one expression (C++ leaves their order open).
  std::string bind(db::Value value) {
    state_.params.push_back(std::move(value));
    return "?";
  }
  std::string column(const entity::Field& field) const {
    return alias_ + "." + entity::EntityTables::column(field);
  }
  // The row's phone column; 422 naming `path` when the type has none.
  std::string phoneColumn(const std::string& path) const;
  // A scope for a row of another type, under a fresh alias, one level deeper.
  CriteriaScope nested(const entity::EntityType& other, const std::string& path);

private:
  CompileState& state_;
  const entity::EntityType& type_;
  std::string alias_;
  int depth_;
};

// ApiError 422 invalid_criteria: `path` is where in the criteria it went wrong
// ("criteria.all[1].value").
[[noreturn]] void refuse(const std::string& path, const std::string& message);

// Compiles any criterion (a group or a leaf) at `path`.
std::string compileCriterion(CriteriaScope& scope, const Poco::Dynamic::Var& node,
                             const std::string& path);

// Readers that refuse with the path.
const Poco::JSON::Object& asObject(const Poco::Dynamic::Var& v, const std::string& path);
std::int64_t readDays(const Poco::Dynamic::Var& v, const std::string& path);
// A string or an array of strings (1 to kMaxListValues) as a list.
std::vector<std::string> readStrings(const Poco::Dynamic::Var& v, const std::string& path);
std::string joinPlaceholders(CriteriaScope& scope, const std::vector<db::Value>& values);

// One leaf kind ("field", "tag", "opted_out", ...): the members it allows beside its key and
// how it compiles. The tables live with their kinds (field_criteria.cpp, ...).
struct CriterionKind {
  const char* key;
  std::vector<std::string> members;  // the key itself included
  std::string (*compile)(CriteriaScope& scope, const Poco::JSON::Object& node,
                         const std::string& path);
};

const std::vector<CriterionKind>& fieldCriterionKinds();
const std::vector<CriterionKind>& relationCriterionKinds();
const std::vector<CriterionKind>& activityCriterionKinds();

}  // namespace pigeon::host::selections
