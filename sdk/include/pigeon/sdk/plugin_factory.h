#pragma once
// The part every plugin factory shares, whatever its kind.

#include "pigeon/sdk/config_schema.h"

namespace pigeon::sdk {

class PluginFactory {
public:
  virtual ~PluginFactory() = default;
  virtual ConfigSchema schema() const = 0;
};

}  // namespace pigeon::sdk
