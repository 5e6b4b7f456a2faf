#include "schema/entity_catalog.h"

#include <algorithm>
#include <array>
#include <set>

namespace pigeon::entity {

namespace {

constexpr std::size_t kMaxTypeName = 32;   // the table is entity_<name>
constexpr std::size_t kMaxFieldName = 48;  // indexes are entity_<type>_<field>
constexpr std::size_t kMaxFields = 200;
constexpr int kMaxStringLength = 65535;
constexpr std::size_t kMaxChoiceLength = 64;

// Columns every entity table has; a field may not take their names.
constexpr std::array<std::string_view, 4> kSystemColumns{"id", "external_id", "created_at",
                                                         "updated_at"};

struct TypeName {
  FieldType type;
  const char* name;
};
constexpr std::array<TypeName, 10> kTypeNames{{
    {FieldType::kString, "string"},
    {FieldType::kPhone, "phone"},
    {FieldType::kInteger, "integer"},
    {FieldType::kDecimal, "decimal"},
    {FieldType::kMoney, "money"},
    {FieldType::kDate, "date"},
    {FieldType::kDateTime, "datetime"},
    {FieldType::kBoolean, "boolean"},
    {FieldType::kEnum, "enum"},
    {FieldType::kReference, "reference"},
}};

std::string checkField(const Field& f) {
  const std::string where = "field '" + f.name + "'";
  if (!isIdentifier(f.name, kMaxFieldName))
    return where + ": a field name is lower_snake_case, at most " + std::to_string(kMaxFieldName) +
           " characters";
  if (std::find(kSystemColumns.begin(), kSystemColumns.end(), f.name) != kSystemColumns.end())
    return where + ": the name is taken by a column every entity has";
  if (!fieldTypeName(f.type)) return where + ": unknown field type";
  if (f.type == FieldType::kString && (f.maxLength < 1 || f.maxLength > kMaxStringLength))
    return where + ": max length must be 1 to " + std::to_string(kMaxStringLength);
  if (f.type == FieldType::kEnum) {
    if (f.choices.empty()) return where + ": an enum needs at least one choice";
    std::set<std::string> seen;
    for (const auto& c : f.choices) {
      if (c.empty() || c.size() > kMaxChoiceLength)
        return where + ": choices are 1 to " + std::to_string(kMaxChoiceLength) + " bytes";
      if (!seen.insert(c).second) return where + ": choice '" + c + "' is listed twice";
    }
  }
  if (f.type == FieldType::kReference && !isIdentifier(f.target, kMaxTypeName))
    return where + ": a reference names the entity type it refers to";
  return "";
}

}  // namespace

bool isIdentifier(std::string_view name, std::size_t maxLength) {
  if (name.empty() || name.size() > maxLength || name.front() < 'a' || name.front() > 'z')
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

const char* fieldTypeName(FieldType type) {
  for (const auto& t : kTypeNames)
    if (t.type == type) return t.name;
  return nullptr;
}

std::string checkEntityType(const EntityType& type) {
  if (!isIdentifier(type.name, kMaxTypeName))
    return "type name '" + type.name + "' must be lower_snake_case, at most " +
           std::to_string(kMaxTypeName) + " characters";
  if (type.fields.empty()) return "type '" + type.name + "' declares no fields";
  if (type.fields.size() > kMaxFields)
    return "type '" + type.name + "' declares more than " + std::to_string(kMaxFields) + " fields";
  std::set<std::string> names;
  for (const auto& f : type.fields) {
    if (auto problem = checkField(f); !problem.empty()) return problem;
    if (!names.insert(f.name).second) return "field '" + f.name + "' is declared twice";
  }
  if (!type.phoneField.empty()) {
    const auto* f = EntityCatalog::findField(type, type.phoneField);
    if (!f || f->type != FieldType::kPhone)
      return "phone field '" + type.phoneField + "' is not a phone field of the type";
  }
  if (!type.displayField.empty() && !EntityCatalog::findField(type, type.displayField))
    return "display field '" + type.displayField + "' is not a field of the type";
  return "";
}

EntityCatalog EntityCatalog::build(std::vector<EntityType> declared,
                                   std::vector<RefusedType>& refused) {
  EntityCatalog catalog;
  std::set<std::string> names;
  for (auto& type : declared) {
    if (auto problem = checkEntityType(type); !problem.empty()) {
      refused.push_back({type.name, problem});
    } else if (!names.insert(type.name).second) {
      refused.push_back({type.name, "another plugin already declares type '" + type.name + "'"});
    } else {
      catalog.types_.push_back(std::move(type));
    }
  }
  catalog.dropStranded(refused);
  return catalog;
}

void EntityCatalog::drop(const std::string& name, const std::string& reason,
                         std::vector<RefusedType>& refused) {
  const auto it = std::find_if(types_.begin(), types_.end(),
                               [&](const EntityType& t) { return t.name == name; });
  if (it == types_.end()) return;
  refused.push_back({name, reason});
  types_.erase(it);
  dropStranded(refused);
}

// A type refers to types that exist; dropping one may strand another, so repeat until none is
// dropped.
void EntityCatalog::dropStranded(std::vector<RefusedType>& refused) {
  for (bool dropped = true; dropped;) {
    dropped = false;
    for (auto it = types_.begin(); it != types_.end(); ++it) {
      const auto stranded = std::find_if(it->fields.begin(), it->fields.end(), [&](const Field& f) {
        return f.type == FieldType::kReference && !find(f.target);
      });
      if (stranded == it->fields.end()) continue;
      refused.push_back({it->name, "field '" + stranded->name + "' refers to type '" +
                                       stranded->target + "', which no plugin declares"});
      types_.erase(it);
      dropped = true;
      break;
    }
  }
}

const EntityType* EntityCatalog::find(std::string_view name) const {
  for (const auto& t : types_)
    if (t.name == name) return &t;
  return nullptr;
}

const Field* EntityCatalog::findField(const EntityType& type, std::string_view name) {
  for (const auto& f : type.fields)
    if (f.name == name) return &f;
  return nullptr;
}

std::vector<std::pair<const EntityType*, const Field*>> EntityCatalog::referencesTo(
    std::string_view target) const {
  std::vector<std::pair<const EntityType*, const Field*>> out;
  for (const auto& t : types_)
    for (const auto& f : t.fields)
      if (f.type == FieldType::kReference && f.target == target) out.emplace_back(&t, &f);
  return out;
}

}  // namespace pigeon::entity
