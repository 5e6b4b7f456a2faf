#pragma once
// Small helpers shared by the API's handlers: reading typed fields, writing times and errors.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/JSON/Object.h>

namespace pigeon::host {

// Parses a JSON object or throws ApiError 400 naming the position of the problem.
Poco::JSON::Object::Ptr parseJsonObject(const std::string& body);

// Refuses any member not in `allowed` (ApiError 422 naming it): a typo must not pass silently.
void rejectUnknownFields(const Poco::JSON::Object& object, const std::set<std::string>& allowed,
                         const std::string& prefix = "");

// Typed readers: absent -> nullopt; present with the wrong type -> ApiError 422 naming field.
std::optional<std::string> optionalString(const Poco::JSON::Object& object, const std::string& name,
                                          const std::string& prefix = "");
std::string requiredString(const Poco::JSON::Object& object, const std::string& name,
                           const std::string& prefix = "");
std::optional<bool> optionalBool(const Poco::JSON::Object& object, const std::string& name,
                                 const std::string& prefix = "");
// An array of strings; an element of another type is named by its index (events[1]).
std::optional<std::vector<std::string>> optionalStringArray(const Poco::JSON::Object& object,
                                                            const std::string& name,
                                                            const std::string& prefix = "");

// 2026-11-24T05:32:13.123Z
std::string isoTime(std::int64_t epochMs);
// Accepts ISO-8601 (with zone) or integer milliseconds since the epoch; nullopt if neither.
std::optional<std::int64_t> parseTime(const std::string& text);

// A row id as it appears in a path or a cursor: a positive decimal integer and nothing else.
std::optional<std::int64_t> parseId(std::string_view text);

// "+03:00", "-0530", "+05:30", "+3" -> minutes; anything else (trailing text too) -> nullopt.
std::optional<int> parseUtcOffset(const std::string& text);
// Minutes -> "+03:00".
std::string formatUtcOffset(int minutes);

// A text, or JSON null when it is empty.
Poco::Dynamic::Var textOrNull(const std::string& s);

std::string errorBody(const std::string& code, const std::string& message,
                      const std::string& field);
std::string toJson(const Poco::JSON::Object& object);

}  // namespace pigeon::host
