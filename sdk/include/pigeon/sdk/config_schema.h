#pragma once
// The settings a plugin declares. The host validates an instance's settings against the
// schema before the plugin sees them, and the admin renders its form from the same schema.

#include <charconv>
#include <map>
#include <string>
#include <vector>

namespace pigeon::sdk {

enum class FieldType { kString, kInteger, kDecimal, kBoolean, kEnum };

struct ConfigField {
  std::string name;  // lower_snake_case, unique within the schema
  FieldType type = FieldType::kString;
  bool required = false;
  bool secret = false;               // never shown back, never logged
  std::string defaultValue;          // used when the field is absent; empty = no default
  std::string help;                  // one sentence for the admin form
  std::vector<std::string> choices;  // kEnum only
  double min = 0;                    // kInteger / kDecimal, when hasRange
  double max = 0;
  bool hasRange = false;

  // Builders, so a schema reads as a table:
  //   ConfigField::integer("port", "TCP port").required().range(1, 65535)
  static ConfigField string(std::string name, std::string help) {
    return make(std::move(name), FieldType::kString, std::move(help));
  }
  static ConfigField integer(std::string name, std::string help) {
    return make(std::move(name), FieldType::kInteger, std::move(help));
  }
  static ConfigField decimal(std::string name, std::string help) {
    return make(std::move(name), FieldType::kDecimal, std::move(help));
  }
  static ConfigField boolean(std::string name, std::string help) {
    return make(std::move(name), FieldType::kBoolean, std::move(help));
  }
  static ConfigField oneOf(std::string name, std::vector<std::string> options, std::string help) {
    auto f = make(std::move(name), FieldType::kEnum, std::move(help));
    f.choices = std::move(options);
    return f;
  }
  ConfigField& markRequired() {
    required = true;
    return *this;
  }
  ConfigField& markSecret() {
    secret = true;
    return *this;
  }
  ConfigField& defaultsTo(std::string value) {
    defaultValue = std::move(value);
    return *this;
  }
  ConfigField& range(double lo, double hi) {
    min = lo;
    max = hi;
    hasRange = true;
    return *this;
  }

private:
  static ConfigField make(std::string name, FieldType type, std::string help) {
    ConfigField f;
    f.name = std::move(name);
    f.type = type;
    f.help = std::move(help);
    return f;
  }
};

using ConfigSchema = std::vector<ConfigField>;

// Validated settings: every declared field present (defaults applied), values well-formed.
class ConfigValues {
public:
  ConfigValues() = default;
  explicit ConfigValues(std::map<std::string, std::string> values) : values_(std::move(values)) {}

  const std::string& getString(const std::string& name) const {
    static const std::string kEmpty;
    auto it = values_.find(name);
    return it == values_.end() ? kEmpty : it->second;
  }
  // Values were validated against the schema; anything unparsable reads as 0 (never throws).
  long long getInteger(const std::string& name) const {
    long long v = 0;
    const auto& s = getString(name);
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
  }
  double getDecimal(const std::string& name) const {
    double v = 0;
    const auto& s = getString(name);
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
  }
  bool getBoolean(const std::string& name) const { return getString(name) == "true"; }
  bool has(const std::string& name) const { return values_.count(name) != 0; }
  const std::map<std::string, std::string>& all() const { return values_; }

private:
  std::map<std::string, std::string> values_;
};

}  // namespace pigeon::sdk
