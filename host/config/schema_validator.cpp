#include "config/schema_validator.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace pigeon::host {

namespace {

using sdk::ConfigField;
using sdk::FieldType;

// Returns an error message, or empty when the value fits the field.
std::string checkValue(const ConfigField& f, const std::string& v) {
  switch (f.type) {
    case FieldType::kString:
      return {};
    case FieldType::kBoolean:
      return v == "true" || v == "false" ? "" : "must be true or false, got '" + v + "'";
    case FieldType::kEnum:
      if (std::find(f.choices.begin(), f.choices.end(), v) != f.choices.end()) return {};
      {
        std::string list;
        for (const auto& c : f.choices) list += (list.empty() ? "" : ", ") + c;
        return "must be one of " + list + ", got '" + v + "'";
      }
    case FieldType::kInteger:
    case FieldType::kDecimal: {
      double number = 0;
      const char* end = v.data() + v.size();
      bool parsed = false;
      if (f.type == FieldType::kInteger) {
        long long n = 0;
        auto r = std::from_chars(v.data(), end, n);
        parsed = r.ec == std::errc() && r.ptr == end && !v.empty();
        number = static_cast<double>(n);
      } else {
        auto r = std::from_chars(v.data(), end, number);
        parsed = r.ec == std::errc() && r.ptr == end && !v.empty() && std::isfinite(number);
      }
      if (!parsed)
        return std::string("must be ") +
               (f.type == FieldType::kInteger ? "an integer" : "a number") + ", got '" + v + "'";
      if (f.hasRange && (number < f.min || number > f.max)) {
        auto fmt = [](double d) {
          auto s = std::to_string(d);
          s.erase(s.find_last_not_of('0') + 1);
          if (s.back() == '.') s.pop_back();
          return s;
        };
        return "must be between " + fmt(f.min) + " and " + fmt(f.max) + ", got " + v;
      }
      return {};
    }
  }
  return {};
}

}  // namespace

SchemaValidation validateConfig(const sdk::ConfigSchema& schema,
                                const std::map<std::string, std::string>& raw) {
  SchemaValidation out;
  std::map<std::string, std::string> values;
  for (const auto& f : schema) {
    auto it = raw.find(f.name);
    if (it == raw.end() || it->second.empty()) {
      if (f.required && f.defaultValue.empty())
        out.errors.push_back({f.name, "is required"});
      else if (!f.defaultValue.empty())
        values[f.name] = f.defaultValue;
      continue;
    }
    if (auto problem = checkValue(f, it->second); !problem.empty())
      out.errors.push_back({f.name, f.secret ? "is not valid" : problem});
    else
      values[f.name] = it->second;
  }
  for (const auto& [name, value] : raw) {
    bool known = std::any_of(schema.begin(), schema.end(), [&](auto& f) { return f.name == name; });
    if (!known) out.errors.push_back({name, "is not a known setting"});
  }
  out.values = sdk::ConfigValues(std::move(values));
  return out;
}

}  // namespace pigeon::host
