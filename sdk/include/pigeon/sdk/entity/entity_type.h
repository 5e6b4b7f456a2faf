#pragma once
// An entity type is what a CRM keeps about one kind of thing (a contact, an account, an
// appointment): typed fields, some indexed, some referring to another type. An entity plugin
// declares one; the host creates and migrates its table on either store, serves it at
// /api/v1/entities/<name>, and lets templates, selections and keyword rules reach its fields.
//
// Relations are reference fields: `contact.account` refers to an account, so a template for a
// contact can say {{account.debt}}, and an account's contacts are the contacts whose `account`
// is that account. Header-only, plain data: nothing here throws.

#include <string>
#include <utility>
#include <vector>

namespace pigeon::sdk::entity {

enum class FieldType {
  kString,    // text up to maxLength characters
  kPhone,     // a number, stored in E.164 once normalised by the host
  kInteger,   // 64-bit signed
  kDecimal,   // double precision
  kMoney,     // exact: up to 4 decimals, stored as an integer of ten-thousandths
  kDate,      // a calendar day, "2026-12-04"
  kDateTime,  // an instant, ISO 8601 in the API, milliseconds since the epoch in the store
  kBoolean,
  kEnum,       // one of `choices`
  kReference,  // the id of an entity of type `target`
};

struct Field {
  std::string name;  // lower_snake_case, unique within the type; becomes the column name
  FieldType type = FieldType::kString;
  std::string label;  // for the admin; the name when empty
  bool required = false;
  bool indexed = false;              // selections and lookups filter on it often
  int maxLength = 255;               // kString only
  std::vector<std::string> choices;  // kEnum only
  std::string target;                // kReference only: the referred type's name

  // Builders, so a declaration reads as a table:
  //   Field::phone("phone", "Mobile number").markRequired().markIndexed()
  static Field string(std::string name, std::string label) {
    return make(std::move(name), FieldType::kString, std::move(label));
  }
  static Field phone(std::string name, std::string label) {
    return make(std::move(name), FieldType::kPhone, std::move(label));
  }
  static Field integer(std::string name, std::string label) {
    return make(std::move(name), FieldType::kInteger, std::move(label));
  }
  static Field decimal(std::string name, std::string label) {
    return make(std::move(name), FieldType::kDecimal, std::move(label));
  }
  static Field money(std::string name, std::string label) {
    return make(std::move(name), FieldType::kMoney, std::move(label));
  }
  static Field date(std::string name, std::string label) {
    return make(std::move(name), FieldType::kDate, std::move(label));
  }
  static Field dateTime(std::string name, std::string label) {
    return make(std::move(name), FieldType::kDateTime, std::move(label));
  }
  static Field boolean(std::string name, std::string label) {
    return make(std::move(name), FieldType::kBoolean, std::move(label));
  }
  static Field oneOf(std::string name, std::vector<std::string> options, std::string label) {
    auto f = make(std::move(name), FieldType::kEnum, std::move(label));
    f.choices = std::move(options);
    return f;
  }
  static Field reference(std::string name, std::string targetType, std::string label) {
    auto f = make(std::move(name), FieldType::kReference, std::move(label));
    f.target = std::move(targetType);
    f.indexed = true;  // the other side of the relation looks rows up by it
    return f;
  }
  Field& markRequired() {
    required = true;
    return *this;
  }
  Field& markIndexed() {
    indexed = true;
    return *this;
  }
  Field& maxChars(int n) {
    maxLength = n;
    return *this;
  }

private:
  static Field make(std::string name, FieldType type, std::string label) {
    Field f;
    f.name = std::move(name);
    f.type = type;
    f.label = std::move(label);
    return f;
  }
};

struct EntityType {
  std::string name;   // lower_snake_case, unique across plugins: "contact"
  std::string label;  // "Contacts"
  std::vector<Field> fields;
  std::string phoneField;    // the field messages go to, or empty when the type has none
  std::string displayField;  // the field that names a row in lists, or empty for the id
};

}  // namespace pigeon::sdk::entity
