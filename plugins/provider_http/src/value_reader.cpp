#include "value_reader.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cstdio>

namespace pigeon::httpprovider {

namespace {

std::optional<std::string> applyRegex(const std::optional<std::regex>& regex, std::string text) {
  if (!regex) return text;
  std::smatch m;
  if (!std::regex_search(text, m, *regex)) return std::nullopt;
  return m.size() > 1 ? m[1].str() : m[0].str();
}

std::string unescapeToken(const std::string& token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size()) {
      out += token[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> jsonPointer(const std::string& body, const std::string& pointer) {
  Poco::Dynamic::Var node;
  try {
    node = Poco::JSON::Parser().parse(body);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  std::size_t at = 1;
  while (at <= pointer.size() && pointer.size() > 1) {
    auto end = pointer.find('/', at);
    if (end == std::string::npos) end = pointer.size();
    const auto token = unescapeToken(pointer.substr(at, end - at));
    at = end + 1;
    try {
      if (node.type() == typeid(Poco::JSON::Object::Ptr)) {
        auto o = node.extract<Poco::JSON::Object::Ptr>();
        if (!o->has(token)) return std::nullopt;
        node = o->get(token);
      } else if (node.type() == typeid(Poco::JSON::Array::Ptr)) {
        auto a = node.extract<Poco::JSON::Array::Ptr>();
        const auto index = static_cast<std::size_t>(std::stoul(token));
        if (index >= a->size()) return std::nullopt;
        node = a->get(static_cast<unsigned>(index));
      } else {
        return std::nullopt;
      }
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  if (node.isEmpty()) return std::nullopt;
  try {
    return node.convert<std::string>();
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<std::string> readValue(const ValueSource& source, const std::string& body) {
  if (source.empty()) return std::nullopt;
  if (source.pointerOrField.empty()) return applyRegex(source.regex, body);
  auto value = jsonPointer(body, source.pointerOrField);
  if (!value) return std::nullopt;
  return applyRegex(source.regex, *value);
}

std::optional<std::string> readValue(const ValueSource& source,
                                     const sdk::CallbackRequest& request) {
  if (source.empty()) return std::nullopt;
  if (source.pointerOrField.empty()) return applyRegex(source.regex, request.body);
  if (source.pointerOrField.front() == '/') return readValue(source, request.body);
  for (const auto* list : {&request.form, &request.query})
    for (const auto& [k, v] : *list)
      if (k == source.pointerOrField) return applyRegex(source.regex, v);
  return std::nullopt;
}

std::string expandTemplate(const std::string& text,
                           const std::vector<std::pair<std::string, std::string>>& values,
                           std::string (*escape)(std::string_view)) {
  std::string out;
  out.reserve(text.size() + 64);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      const auto close = text.find('}', i);
      if (close != std::string::npos) {
        const auto name = text.substr(i + 1, close - i - 1);
        bool replaced = false;
        for (const auto& [k, v] : values)
          if (k == name) {
            out += escape(v);
            replaced = true;
            break;
          }
        if (replaced) {
          i = close;
          continue;
        }
      }
    }
    out += text[i];  // not a placeholder (a JSON body's own braces): kept as written
  }
  return out;
}

std::string jsonEscape(std::string_view text) {
  std::string out;
  for (unsigned char ch : text) {
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (ch < 0x20) {
          char u[8];
          std::snprintf(u, sizeof u, "\\u%04x", ch);
          out += u;
        } else {
          out += static_cast<char>(ch);
        }
    }
  }
  return out;
}

}  // namespace pigeon::httpprovider
