// pigeon.keyword.code: a registration keyword (REG, CODE) answered with a one-time code the
// CRM then verifies (POST /api/v1/codes/verify). Never a password: the code works once, for
// minutes, and the host keeps only its hash.

#include <memory>

#include "pigeon/sdk/export.h"
#include "pigeon/sdk/keyword/keyword_factory.h"
#include "pigeon/sdk/keyword/word_list.h"

namespace {

using pigeon::sdk::ConfigField;
using pigeon::sdk::ConfigSchema;
using pigeon::sdk::ConfigValues;
using pigeon::sdk::Result;
using pigeon::sdk::Status;
using pigeon::sdk::keyword::fillIn;
using pigeon::sdk::keyword::KeywordContext;

class CodeHandler final : public pigeon::sdk::keyword::KeywordHandler {
public:
  explicit CodeHandler(const ConfigValues& settings)
      : purpose_(settings.getString("purpose")),
        digits_(static_cast<int>(settings.getInteger("digits"))),
        minutes_(static_cast<int>(settings.getInteger("ttl_minutes"))),
        reply_(settings.getString("reply")) {}

  Result<std::string> handle(KeywordContext& context) noexcept override {
    try {
      auto code = context.issueCode(purpose_, digits_, minutes_ * 60);
      if (!code) return code.status();
      auto text = fillIn(fillIn(reply_, "code", code.value()), "minutes", std::to_string(minutes_));
      if (auto s = context.reply(text); !s.isOk()) return s;
      return "code sent for " + purpose_;  // never the code itself: outcomes are shown
    } catch (const std::exception& e) {
      return Status::internal(e.what());
    }
  }

private:
  std::string purpose_;
  int digits_;
  int minutes_;
  std::string reply_;
};

class CodeFactory final : public pigeon::sdk::KeywordFactory {
public:
  ConfigSchema schema() const override {
    return {
        ConfigField::string("purpose", "What the code is for; the CRM names it when verifying")
            .defaultsTo("registration"),
        ConfigField::integer("digits", "Digits in a code").defaultsTo("6").range(4, 10),
        ConfigField::integer("ttl_minutes", "Minutes a code stays valid")
            .defaultsTo("10")
            .range(1, 1440),
        ConfigField::string("reply", "The answer; {code} and {minutes} are filled in")
            .defaultsTo("Your code is {code}. It expires in {minutes} minutes. Do not share it."),
    };
  }
  std::vector<std::string> defaultKeywords(const ConfigValues&) const override {
    return {"REG", "REGISTER", "CODE", "РЕГ", "КОД"};
  }
  Result<std::unique_ptr<pigeon::sdk::keyword::KeywordHandler>> create(
      const ConfigValues& settings) const override {
    return std::unique_ptr<pigeon::sdk::keyword::KeywordHandler>(
        std::make_unique<CodeHandler>(settings));
  }
};

const pigeon::sdk::PluginFactory& factory() {
  static const CodeFactory instance;
  return instance;
}

}  // namespace

extern "C" const pigeon::sdk::PluginDescriptor kCodeKeywordDescriptor = pigeon::sdk::describePlugin(
    pigeon::sdk::PluginKind::kKeyword, "pigeon.keyword.code", "0.1.0",
    "Registration by SMS: a keyword answered with a one-time code the CRM verifies", &factory);

PIGEON_EXPORT_PLUGIN(kCodeKeywordDescriptor)
