#pragma once
// Finds configured values in what a provider sends: a JSON pointer into a JSON body, a field
// of the query or form, and/or a regex whose first group is the value.

#include <optional>
#include <string>

#include "http_settings.h"
#include "pigeon/sdk/provider/callback.h"

namespace pigeon::httpprovider {

// From an answer's body (JSON pointer if it starts with '/', then the regex on the result or
// on the whole body).
std::optional<std::string> readValue(const ValueSource& source, const std::string& body);
// From a callback: a field of the form or query, or a JSON pointer into a JSON body.
std::optional<std::string> readValue(const ValueSource& source,
                                     const sdk::CallbackRequest& request);

// RFC 6901 over a parsed JSON body; nullopt when a step is missing. Numbers and booleans come
// back as text.
std::optional<std::string> jsonPointer(const std::string& body, const std::string& pointer);

// Replaces {name} placeholders; `escape` is applied to every substituted value.
std::string expandTemplate(const std::string& text,
                           const std::vector<std::pair<std::string, std::string>>& values,
                           std::string (*escape)(std::string_view));

std::string jsonEscape(std::string_view text);  // without the quotes

}  // namespace pigeon::httpprovider
