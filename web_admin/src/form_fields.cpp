#include "form_fields.h"

#include <cmath>
#include <sstream>

namespace pigeon::web {

namespace {

std::string number(double v) {
  if (std::floor(v) == v && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  std::ostringstream out;
  out << v;
  return out.str();
}

// Field names may hold dots ("retry.max_attempts"); ids must be simple for label `for`.
std::string controlId(const std::string& name) {
  std::string id = "f-";
  for (char ch : name) id += (ch == '.' ? '-' : ch);
  return id;
}

Data option(const std::string& value, const std::string& label, bool selected) {
  Data o;
  o.set("value", value);
  o.set("label", label);
  if (selected) o.set("selected", true);
  return o;
}

}  // namespace

Data schemaFields(const sdk::ConfigSchema& schema, const FormState& state) {
  Data fields = list();
  for (const auto& f : schema) {
    Data d;
    d.set("id", controlId(f.name));
    d.set("name", f.name);
    auto label = state.labels.find(f.name);
    d.set("label", label == state.labels.end() ? f.name : label->second);
    d.set("help", f.help);
    if (f.required) d.set("required", true);
    auto entered = state.values.find(f.name);
    const std::string value = entered != state.values.end() ? entered->second : "";
    if (!f.defaultValue.empty()) d.set("default", f.defaultValue);
    if (f.name == state.errorField) d.set("fieldError", state.errorText);

    if (f.type == sdk::FieldType::kEnum || f.type == sdk::FieldType::kBoolean) {
      d.set("select", true);
      const auto chosen = value.empty() ? f.defaultValue : value;
      Data options = list();
      if (!f.required && f.defaultValue.empty())
        options.push_back(option("", "(not set)", chosen.empty()));
      const std::vector<std::string> choices = f.type == sdk::FieldType::kBoolean
                                                   ? std::vector<std::string>{"true", "false"}
                                                   : f.choices;
      for (const auto& c : choices) options.push_back(option(c, c, c == chosen));
      d.set("options", options);
      fields.push_back(d);
      continue;
    }
    if (f.secret) {
      d.set("inputType", "password");
      d.set("secret", true);
      if (state.secretsStored) d.set("secretStored", true);
    } else {
      d.set("inputType", "text");
      d.set("value", value);
    }
    if (f.type == sdk::FieldType::kInteger || f.type == sdk::FieldType::kDecimal) {
      // Typed as text with a numeric keyboard: the server's validator, not the browser's,
      // names a wrong value, the same way for the form and the config file.
      d.set("inputmode", f.type == sdk::FieldType::kInteger ? "numeric" : "decimal");
      if (f.hasRange) d.set("range", number(f.min) + " to " + number(f.max));
    }
    fields.push_back(d);
  }
  return fields;
}

std::map<std::string, std::string> schemaValues(const sdk::ConfigSchema& schema,
                                                const WebRequest& request) {
  std::map<std::string, std::string> out;
  for (const auto& f : schema) {
    auto v = request.field(f.name, f.name);
    if (!v.empty()) out[f.name] = v;
  }
  return out;
}

std::vector<std::string> splitCommaList(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    auto item = text.substr(start, end - start);
    const auto first = item.find_first_not_of(" \t");
    if (first != std::string::npos)
      out.push_back(item.substr(first, item.find_last_not_of(" \t") - first + 1));
    start = end + 1;
  }
  return out;
}

std::string joinCommaList(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace pigeon::web
