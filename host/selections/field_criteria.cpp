// {"field": "city", "op": "eq", "value": "Kazan"}: one field of the row compared with values
// converted exactly as the API stores them (a phone to E.164, money to ten-thousandths, a date
// checked as a calendar day), or with a day counted from today (relative dates).

#include <Poco/JSON/Array.h>

#include <algorithm>

#include "schema/calendar.h"
#include "schema/field_codec.h"
#include "selections/criteria_scope.h"

namespace pigeon::host::selections {

namespace {

using entity::Field;
using entity::FieldType;

constexpr unsigned bit(FieldType t) { return 1u << static_cast<unsigned>(t); }
constexpr unsigned kAnyType = 0x3ffu;
constexpr unsigned kOrdered = bit(FieldType::kString) | bit(FieldType::kInteger) |
                              bit(FieldType::kDecimal) | bit(FieldType::kMoney) |
                              bit(FieldType::kDate) | bit(FieldType::kDateTime);
constexpr unsigned kTextual = bit(FieldType::kString) | bit(FieldType::kPhone);
constexpr unsigned kDates = bit(FieldType::kDate) | bit(FieldType::kDateTime);

// What an operator takes as its "value".
enum class Operand { kNone, kOne, kRange, kList, kText, kDays };

struct FieldCall {
  CriteriaScope& scope;
  const Field& field;
  std::string column;
  std::vector<db::Value> values;  // kOne, kRange, kList: stored form; kText: the text
  std::int64_t days = 0;
};

using Builder = std::string (*)(FieldCall&);

struct FieldOp {
  const char* name;
  Operand operand;
  unsigned types;
  Builder sql;
};

std::string compare(FieldCall& c, const char* op) {
  std::string sql = c.column + op;
  return sql + c.scope.bind(c.values[0]);
}

bool isDate(const FieldCall& c) { return c.field.type == FieldType::kDate; }

db::Value dayValue(const FieldCall& c, std::int64_t day) {
  if (isDate(c)) return entity::formatDate(day);
  return c.scope.clock().dayStartMs(day);
}

// Rows whose value lies in [from, to): both bounds from the clock.
std::string between(FieldCall& c, const db::Value& from, const db::Value& to, bool toInclusive) {
  std::string sql = "(" + c.column + " >= ";
  sql += c.scope.bind(from);
  sql += " AND " + c.column + (toInclusive ? " <= " : " < ");
  sql += c.scope.bind(to);
  return sql + ")";
}

std::string eq(FieldCall& c) { return compare(c, " = "); }
std::string lt(FieldCall& c) { return compare(c, " < "); }
std::string lte(FieldCall& c) { return compare(c, " <= "); }
std::string gt(FieldCall& c) { return compare(c, " > "); }
std::string gte(FieldCall& c) { return compare(c, " >= "); }
std::string ne(FieldCall& c) {
  std::string sql = "(" + c.column + " IS NULL OR " + c.column + " <> ";
  return sql + c.scope.bind(c.values[0]) + ")";
}
std::string range(FieldCall& c) { return between(c, c.values[0], c.values[1], true); }
std::string in(FieldCall& c) {
  return c.column + " IN (" + joinPlaceholders(c.scope, c.values) + ")";
}
std::string notIn(FieldCall& c) {
  std::string sql = "(" + c.column + " IS NULL OR " + c.column + " NOT IN (";
  return sql + joinPlaceholders(c.scope, c.values) + "))";
}

// A prefix as a range, so the field's index serves it and case matters on both stores (LIKE
// ignores ASCII case on SQLite and not on MariaDB's binary collation). U+10FFFF sorts after
// every character a value can continue with.
std::string startsWith(FieldCall& c) {
  const auto prefix = std::get<std::string>(c.values[0]);
  return between(c, prefix, prefix + "\xF4\x8F\xBF\xBF", false);
}
std::string endsWith(FieldCall& c) {
  const auto& suffix = std::get<std::string>(c.values[0]);
  std::int64_t chars = 0;
  for (unsigned char ch : suffix) chars += (ch & 0xC0) != 0x80;
  std::string sql = "SUBSTR(" + c.column + ", ";
  sql += c.scope.bind(-chars);
  sql += ") = ";
  return sql + c.scope.bind(suffix);
}
std::string contains(FieldCall& c) {
  std::string sql = "INSTR(" + c.column + ", ";
  return sql + c.scope.bind(c.values[0]) + ") > 0";
}
std::string isEmpty(FieldCall& c) {
  if (c.field.type == FieldType::kString || c.field.type == FieldType::kPhone ||
      c.field.type == FieldType::kEnum)
    return "(" + c.column + " IS NULL OR " + c.column + " = '')";
  return c.column + " IS NULL";
}
std::string notEmpty(FieldCall& c) {
  if (c.field.type == FieldType::kString || c.field.type == FieldType::kPhone ||
      c.field.type == FieldType::kEnum)
    return "(" + c.column + " IS NOT NULL AND " + c.column + " <> '')";
  return c.column + " IS NOT NULL";
}

// Relative dates count calendar days at the selection's UTC offset. A date field compares
// with days; an instant with the moments days begin, and with now itself.
std::string withinNextDays(FieldCall& c) {
  const auto today = c.scope.clock().today();
  if (isDate(c)) return between(c, dayValue(c, today), dayValue(c, today + c.days), true);
  return between(c, c.scope.clock().nowMs, dayValue(c, today + c.days + 1), false);
}
std::string withinLastDays(FieldCall& c) {
  const auto today = c.scope.clock().today();
  if (isDate(c)) return between(c, dayValue(c, today - c.days), dayValue(c, today), true);
  return between(c, dayValue(c, today - c.days), c.scope.clock().nowMs, true);
}
std::string moreThanDaysAgo(FieldCall& c) {
  std::string sql = c.column + " < ";
  return sql + c.scope.bind(dayValue(c, c.scope.clock().today() - c.days));
}
std::string moreThanDaysAhead(FieldCall& c) {
  const auto day = c.scope.clock().today() + c.days;
  if (isDate(c)) return c.column + " > " + c.scope.bind(dayValue(c, day));
  return c.column + " >= " + c.scope.bind(dayValue(c, day + 1));
}
// Birthdays and contract anniversaries: the month and day, whatever the year ("MM-DD" of a
// stored "YYYY-MM-DD"). A 29 February comes round in leap years only.
std::string anniversaryInDays(FieldCall& c) {
  const auto day = entity::formatDate(c.scope.clock().today() + c.days);
  std::string sql = "SUBSTR(" + c.column + ", 6, 5) = ";
  return sql + c.scope.bind(day.substr(5));
}

constexpr FieldOp kOps[] = {
    {"eq", Operand::kOne, kAnyType, eq},
    {"ne", Operand::kOne, kAnyType, ne},
    {"lt", Operand::kOne, kOrdered, lt},
    {"lte", Operand::kOne, kOrdered, lte},
    {"gt", Operand::kOne, kOrdered, gt},
    {"gte", Operand::kOne, kOrdered, gte},
    {"between", Operand::kRange, kOrdered, range},
    {"in", Operand::kList, kAnyType, in},
    {"not_in", Operand::kList, kAnyType, notIn},
    {"starts_with", Operand::kText, kTextual, startsWith},
    {"ends_with", Operand::kText, kTextual, endsWith},
    {"contains", Operand::kText, kTextual, contains},
    {"is_empty", Operand::kNone, kAnyType, isEmpty},
    {"not_empty", Operand::kNone, kAnyType, notEmpty},
    {"within_next_days", Operand::kDays, kDates, withinNextDays},
    {"within_last_days", Operand::kDays, kDates, withinLastDays},
    {"more_than_days_ago", Operand::kDays, kDates, moreThanDaysAgo},
    {"more_than_days_ahead", Operand::kDays, kDates, moreThanDaysAhead},
    {"anniversary_in_days", Operand::kDays, bit(FieldType::kDate), anniversaryInDays},
};

std::string opNames() {
  std::string names;
  for (const auto& op : kOps) names += (names.empty() ? "" : ", ") + std::string(op.name);
  return names;
}

entity::FieldInput inputOf(const Poco::Dynamic::Var& v, const std::string& path) {
  if (v.isEmpty()) refuse(path, "is null; use the op is_empty for an empty field");
  if (v.isBoolean()) return v.extract<bool>();
  if (v.isInteger()) return v.convert<std::int64_t>();
  if (v.isNumeric()) return v.convert<double>();
  if (v.isString()) return v.toString();
  refuse(path, "must be a string, number or boolean");
}

db::Value storedOf(FieldCall& c, const Poco::Dynamic::Var& v, const std::string& path) {
  const auto& phones = c.scope.state().phones;
  entity::PhoneNormaliser normalise = [&phones](const std::string& text) {
    auto n = phones.normalize(text);
    return n.ok ? std::optional<std::string>(n.e164) : std::nullopt;
  };
  db::Value out;
  const auto problem = entity::toStored(c.field, inputOf(v, path), normalise, out);
  if (!problem.empty()) refuse(path, "field '" + c.field.name + "': " + problem);
  return out;
}

void readOperand(FieldCall& c, const FieldOp& op, const Poco::JSON::Object& node,
                 const std::string& path) {
  const auto valuePath = path + ".value";
  if (op.operand == Operand::kNone) {
    if (node.has("value")) refuse(valuePath, std::string("'") + op.name + "' takes no value");
    return;
  }
  if (!node.has("value")) refuse(valuePath, std::string("'") + op.name + "' needs a value");
  const auto value = node.get("value");
  switch (op.operand) {
    case Operand::kOne:
      c.values.push_back(storedOf(c, value, valuePath));
      break;
    case Operand::kRange: {
      if (value.type() != typeid(Poco::JSON::Array::Ptr) ||
          value.extract<Poco::JSON::Array::Ptr>()->size() != 2)
        refuse(valuePath, "must be [from, to]");
      const auto& pair = *value.extract<Poco::JSON::Array::Ptr>();
      c.values.push_back(storedOf(c, pair.get(0), valuePath + "[0]"));
      c.values.push_back(storedOf(c, pair.get(1), valuePath + "[1]"));
      if (c.values[1] < c.values[0]) refuse(valuePath, "'from' is after 'to'");
      break;
    }
    case Operand::kList: {
      if (value.type() != typeid(Poco::JSON::Array::Ptr)) refuse(valuePath, "must be an array");
      const auto& list = *value.extract<Poco::JSON::Array::Ptr>();
      if (list.size() == 0) refuse(valuePath, "needs at least one value");
      if (list.size() > kMaxListValues)
        refuse(valuePath, "has more than " + std::to_string(kMaxListValues) + " values");
      for (std::size_t i = 0; i < list.size(); ++i)
        c.values.push_back(storedOf(c, list.get(static_cast<unsigned>(i)),
                                    valuePath + "[" + std::to_string(i) + "]"));
      break;
    }
    case Operand::kText:
      if (!value.isString() || value.toString().empty())
        refuse(valuePath, "must be a non-empty text");
      c.values.push_back(value.toString());
      break;
    case Operand::kDays:
      c.days = readDays(value, valuePath);
      break;
    case Operand::kNone:
      break;
  }
}

std::string compileField(CriteriaScope& scope, const Poco::JSON::Object& node,
                         const std::string& path) {
  const auto name = node.get("field");
  if (!name.isString()) refuse(path + ".field", "must be a field name");
  const auto* field = entity::EntityCatalog::findField(scope.type(), name.toString());
  if (!field)
    refuse(path + ".field",
           "type '" + scope.type().name + "' has no field '" + name.toString() + "'");
  if (!node.has("op")) refuse(path + ".op", "missing; one of " + opNames());
  const auto opName = node.get("op").toString();
  const auto* op = std::find_if(std::begin(kOps), std::end(kOps),
                                [&](const FieldOp& o) { return opName == o.name; });
  if (op == std::end(kOps))
    refuse(path + ".op", "unknown operator '" + opName + "'; one of " + opNames());
  if (!(op->types & bit(field->type)))
    refuse(path + ".op", "'" + opName + "' does not apply to field '" + field->name + "' (" +
                             entity::fieldTypeName(field->type) + ")");
  FieldCall call{scope, *field, scope.column(*field), {}, 0};
  readOperand(call, *op, node, path);
  return op->sql(call);
}

// {"owner": 12}, {"owner": [12, 13]}, {"owner": null}: the row's `owner` reference.
std::string compileOwner(CriteriaScope& scope, const Poco::JSON::Object& node,
                         const std::string& path) {
  const auto* field = entity::EntityCatalog::findField(scope.type(), "owner");
  if (!field || field->type != FieldType::kReference)
    refuse(path + ".owner", "type '" + scope.type().name + "' has no owner field");
  FieldCall call{scope, *field, scope.column(*field), {}, 0};
  const auto value = node.get("owner");
  if (value.isEmpty()) return call.column + " IS NULL";
  if (value.type() != typeid(Poco::JSON::Array::Ptr)) {
    call.values.push_back(storedOf(call, value, path + ".owner"));
    return eq(call);
  }
  const auto& list = *value.extract<Poco::JSON::Array::Ptr>();
  if (list.size() == 0 || list.size() > kMaxListValues)
    refuse(path + ".owner", "needs 1 to " + std::to_string(kMaxListValues) + " user ids");
  for (std::size_t i = 0; i < list.size(); ++i)
    call.values.push_back(storedOf(call, list.get(static_cast<unsigned>(i)),
                                   path + ".owner[" + std::to_string(i) + "]"));
  return in(call);
}

}  // namespace

const std::vector<CriterionKind>& fieldCriterionKinds() {
  static const std::vector<CriterionKind> kinds{
      {"field", {"field", "op", "value"}, compileField},
      {"owner", {"owner"}, compileOwner},
  };
  return kinds;
}

}  // namespace pigeon::host::selections
