#pragma once
// The factory a keyword plugin exports through its descriptor (PluginKind::kKeyword). Every
// keyword rule that names the plugin gets its own handler, made from the rule's settings.

#include <memory>
#include <string>
#include <vector>

#include "pigeon/sdk/config_schema.h"
#include "pigeon/sdk/keyword/keyword_handler.h"
#include "pigeon/sdk/plugin_factory.h"

namespace pigeon::sdk {

class KeywordFactory : public PluginFactory {
public:
  // The words a rule with these settings answers when the rule lists none itself (STOP, START
  // and HELP for the opt-out plugin). Empty: such a rule must list its keywords.
  virtual std::vector<std::string> defaultKeywords(const ConfigValues& settings) const = 0;
  // Called with settings already validated against schema(). MUST NOT throw: a failure is a
  // Status naming the setting.
  virtual Result<std::unique_ptr<keyword::KeywordHandler>> create(
      const ConfigValues& settings) const = 0;
};

}  // namespace pigeon::sdk
