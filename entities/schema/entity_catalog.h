#pragma once
// The entity types this host serves: the declarations entity plugins made, each checked alone
// (names, choices, the phone and display fields) and against the others (one type per name,
// references to types that exist). A bad declaration is refused with the reason; the rest
// are served.

#include <string>
#include <string_view>
#include <vector>

#include "pigeon/sdk/entity/entity_type.h"

namespace pigeon::entity {

using sdk::entity::EntityType;
using sdk::entity::Field;
using sdk::entity::FieldType;

struct RefusedType {
  std::string typeName;
  std::string reason;
};

// What a declaration is wrong about, naming the field; empty when it is sound.
std::string checkEntityType(const EntityType& type);

// The name the API, CSV headers and the admin use for a field type: "string", "money", ...
const char* fieldTypeName(FieldType type);

// Whether `name` is a lower_snake_case identifier of at most `maxLength` characters: type and
// field names become table and column names.
bool isIdentifier(std::string_view name, std::size_t maxLength);

class EntityCatalog {
public:
  EntityCatalog() = default;
  // Keeps the sound declarations; every other one lands in `refused` with the reason.
  static EntityCatalog build(std::vector<EntityType> declared, std::vector<RefusedType>& refused);

  const std::vector<EntityType>& types() const { return types_; }
  const EntityType* find(std::string_view name) const;
  static const Field* findField(const EntityType& type, std::string_view name);
  // The reference fields of other types (and this one) that point at `target`: its relations
  // seen from the other side ("the contacts of an account").
  std::vector<std::pair<const EntityType*, const Field*>> referencesTo(
      std::string_view target) const;
  // Stops serving a type (its table could not be brought up to date), and every type that
  // refers to it, each with the reason.
  void drop(const std::string& name, const std::string& reason, std::vector<RefusedType>& refused);

private:
  void dropStranded(std::vector<RefusedType>& refused);

  std::vector<EntityType> types_;
};

}  // namespace pigeon::entity
