#pragma once
// A form generated from a ConfigSchema (a plugin's settings, the host's settings): one control
// per field with its label, help, type, bounds and default, the value entered so far, and the
// error when that field was the one refused. Secret fields are never written back into a page.

#include <map>
#include <string>
#include <vector>

#include "page_renderer.h"
#include "pigeon/sdk/config_schema.h"
#include "web_request.h"

namespace pigeon::web {

struct FormState {
  std::map<std::string, std::string> values;  // what to show (secrets are skipped anyway)
  std::map<std::string, std::string> labels;  // field -> label; the field name when absent
  std::string errorField;
  std::string errorText;
  bool secretsStored = false;  // editing: an empty secret keeps the stored one
};

Data schemaFields(const sdk::ConfigSchema& schema, const FormState& state);

// The submitted values of the schema's fields; empty ones are left out, so defaults apply and
// a required field left empty is refused by the validator, naming it.
std::map<std::string, std::string> schemaValues(const sdk::ConfigSchema& schema,
                                                const WebRequest& request);

// "a, b ,c" -> {"a", "b", "c"}: a field holding a comma-separated list (instances, keywords).
std::vector<std::string> splitCommaList(const std::string& text);
std::string joinCommaList(const std::vector<std::string>& items);

}  // namespace pigeon::web
