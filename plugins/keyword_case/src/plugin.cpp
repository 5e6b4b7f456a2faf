// pigeon.keyword.case: a support request by SMS becomes a Case for the sender, flagged for the
// 24x7 team when an urgent word is in it, answered with the case number.

#include <memory>

#include "case_handler.h"
#include "pigeon/sdk/export.h"
#include "pigeon/sdk/keyword/keyword_factory.h"

namespace {

using pigeon::sdk::ConfigField;
using pigeon::sdk::ConfigSchema;
using pigeon::sdk::ConfigValues;

class CaseFactory final : public pigeon::sdk::KeywordFactory {
public:
  ConfigSchema schema() const override {
    return {
        ConfigField::string("entity_type", "The entity type a request becomes").defaultsTo("case"),
        ConfigField::string("urgent_words",
                            "Words that flag the case for the 24x7 team, comma-separated")
            .defaultsTo("critical, urgent, emergency, критично, срочно, فوری"),
        ConfigField::string("reply", "The answer; {case} is the case number")
            .defaultsTo("Thank you. Your request is registered as case {case}."),
        ConfigField::string("urgent_reply", "The answer to a flagged request")
            .defaultsTo("Thank you. Case {case} is with our 24x7 team now."),
        ConfigField::integer("subject_chars", "How much of the text becomes the subject")
            .defaultsTo("60")
            .range(10, 200),
    };
  }
  std::vector<std::string> defaultKeywords(const ConfigValues&) const override {
    return {"problem", "проблема", "مشکل"};
  }
  pigeon::sdk::Result<std::unique_ptr<pigeon::sdk::keyword::KeywordHandler>> create(
      const ConfigValues& settings) const override {
    return std::unique_ptr<pigeon::sdk::keyword::KeywordHandler>(
        std::make_unique<pigeon::plugins::cases::CaseHandler>(settings));
  }
};

const pigeon::sdk::PluginFactory& factory() {
  static const CaseFactory instance;
  return instance;
}

}  // namespace

extern "C" const pigeon::sdk::PluginDescriptor kCaseKeywordDescriptor = pigeon::sdk::describePlugin(
    pigeon::sdk::PluginKind::kKeyword, "pigeon.keyword.case", "0.1.0",
    "Support by SMS: 'critical problem: ...' opens a case, flagged and numbered", &factory);

PIGEON_EXPORT_PLUGIN(kCaseKeywordDescriptor)
