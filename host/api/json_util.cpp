#include "api/json_util.h"

#include <cstdio>

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>

#include <charconv>
#include <sstream>

#include "api/api_types.h"
#include "api/json_writer.h"

namespace pigeon::host {

Poco::JSON::Object::Ptr parseJsonObject(const std::string& body) {
  if (body.empty())
    throw ApiError(400, "invalid_json", "the request body is empty; a JSON object is expected");
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(body);
  } catch (const Poco::Exception& e) {
    throw ApiError(400, "invalid_json", "the request body is not valid JSON: " + e.message());
  }
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
    throw ApiError(400, "invalid_json", "the request body must be a JSON object");
  return parsed.extract<Poco::JSON::Object::Ptr>();
}

void rejectUnknownFields(const Poco::JSON::Object& object, const std::set<std::string>& allowed,
                         const std::string& prefix) {
  for (const auto& [name, value] : object)
    if (!allowed.count(name))
      throw ApiError(422, "unknown_field", "unknown field '" + prefix + name + "'", prefix + name);
}

std::optional<std::string> optionalString(const Poco::JSON::Object& object, const std::string& name,
                                          const std::string& prefix) {
  if (!object.has(name) || object.isNull(name)) return std::nullopt;
  auto v = object.get(name);
  if (!v.isString())
    throw ApiError(422, "invalid_type", "field '" + prefix + name + "' must be a string",
                   prefix + name);
  return v.extract<std::string>();
}

std::string requiredString(const Poco::JSON::Object& object, const std::string& name,
                           const std::string& prefix) {
  auto v = optionalString(object, name, prefix);
  if (!v)
    throw ApiError(422, "missing_field", "field '" + prefix + name + "' is required",
                   prefix + name);
  return *v;
}

std::optional<bool> optionalBool(const Poco::JSON::Object& object, const std::string& name,
                                 const std::string& prefix) {
  if (!object.has(name) || object.isNull(name)) return std::nullopt;
  auto v = object.get(name);
  if (!v.isBoolean())
    throw ApiError(422, "invalid_type", "field '" + prefix + name + "' must be true or false",
                   prefix + name);
  return v.extract<bool>();
}

std::optional<std::vector<std::string>> optionalStringArray(const Poco::JSON::Object& object,
                                                            const std::string& name,
                                                            const std::string& prefix) {
  if (!object.has(name) || object.isNull(name)) return std::nullopt;
  auto array = object.getArray(name);
  if (!array)
    throw ApiError(422, "invalid_type", "field '" + prefix + name + "' must be an array",
                   prefix + name);
  std::vector<std::string> out;
  for (unsigned i = 0; i < array->size(); ++i) {
    const auto v = array->get(i);
    const auto element = prefix + name + "[" + std::to_string(i) + "]";
    if (!v.isString()) throw ApiError(422, "invalid_type", element + " must be a string", element);
    out.push_back(v.extract<std::string>());
  }
  return out;
}

std::string isoTime(std::int64_t epochMs) {
  Poco::Timestamp ts(static_cast<Poco::Timestamp::TimeVal>(epochMs) * 1000);
  return Poco::DateTimeFormatter::format(ts, "%Y-%m-%dT%H:%M:%S.%iZ");
}

std::optional<std::int64_t> parseTime(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::int64_t ms = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), ms);
  if (r.ec == std::errc() && r.ptr == text.data() + text.size()) return ms;
  Poco::DateTime dt;
  int tz = 0;
  if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, text, dt, tz) &&
      !Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FORMAT, text, dt, tz))
    return std::nullopt;
  return dt.timestamp().epochMicroseconds() / 1000 - static_cast<std::int64_t>(tz) * 1000;
}

std::optional<std::int64_t> parseId(std::string_view text) {
  std::int64_t id = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), id);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

std::optional<int> parseUtcOffset(const std::string& text) {
  if (text.size() < 2 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  std::string digits;
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (text[i] == ':' && i == 3) continue;
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    digits += text[i];
  }
  int h = 0, m = 0;
  if (digits.size() == 1 || digits.size() == 2)
    h = std::stoi(digits);
  else if (digits.size() == 4)
    h = std::stoi(digits.substr(0, 2)), m = std::stoi(digits.substr(2));
  else
    return std::nullopt;
  if (h > 14 || m > 59) return std::nullopt;
  return (text[0] == '-' ? -1 : 1) * (h * 60 + m);
}

std::string formatUtcOffset(int minutes) {
  char out[16];
  std::snprintf(out, sizeof out, "%c%02d:%02d", minutes < 0 ? '-' : '+', std::abs(minutes) / 60,
                std::abs(minutes) % 60);
  return out;
}

Poco::Dynamic::Var textOrNull(const std::string& s) {
  return s.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(s);
}

std::string errorBody(const std::string& code, const std::string& message,
                      const std::string& field) {
  JsonWriter out;
  out.beginObject().key("error");
  writeError(out, code, message, field);
  out.endObject();
  return out.take();
}

std::string toJson(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

}  // namespace pigeon::host
