#pragma once
// Validates raw settings against a plugin's ConfigSchema. The config file loader and the admin
// form both call this, so a value is judged the same way wherever it comes from.

#include <map>
#include <string>

#include "pigeon/sdk/config_schema.h"

namespace pigeon::host {

struct SchemaError {
  std::string field;
  std::string message;
};

struct SchemaValidation {
  sdk::ConfigValues values;         // defaults applied; meaningful when ok()
  std::vector<SchemaError> errors;  // one per bad field, in schema order
  bool ok() const { return errors.empty(); }
};

SchemaValidation validateConfig(const sdk::ConfigSchema& schema,
                                const std::map<std::string, std::string>& raw);

}  // namespace pigeon::host
