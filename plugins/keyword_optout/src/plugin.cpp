// pigeon.keyword.optout: STOP, START and HELP in several languages, on by default. STOP opts
// the sender out of every message and is confirmed by one reply; START opts back in; HELP
// answers. The host records each change in the consent ledger.

#include <memory>

#include "optout_handler.h"
#include "pigeon/sdk/export.h"
#include "pigeon/sdk/keyword/keyword_factory.h"
#include "pigeon/sdk/keyword/word_list.h"

namespace {

using pigeon::sdk::ConfigField;
using pigeon::sdk::ConfigSchema;
using pigeon::sdk::ConfigValues;

class OptOutFactory final : public pigeon::sdk::KeywordFactory {
public:
  ConfigSchema schema() const override {
    return {
        ConfigField::oneOf("action", {"auto", "stop", "start", "help"},
                           "What the rule does; auto: by which word list the keyword is in")
            .defaultsTo("auto"),
        ConfigField::string("stop_words", "Words that opt out, comma-separated")
            .defaultsTo("STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, СТОП, ОТПИСАТЬСЯ, لغو"),
        ConfigField::string("start_words", "Words that opt back in, comma-separated")
            .defaultsTo("START, UNSTOP, СТАРТ, شروع"),
        ConfigField::string("help_words", "Words that ask for help, comma-separated")
            .defaultsTo("HELP, INFO, ПОМОЩЬ, راهنما"),
        ConfigField::string("stop_reply", "The one reply confirming an opt-out")
            .defaultsTo("You will receive no more messages from us. Reply START to subscribe "
                        "again."),
        ConfigField::string("start_reply", "The reply confirming an opt-in")
            .defaultsTo("You are subscribed again. Reply STOP to unsubscribe."),
        ConfigField::string("help_reply", "The answer to HELP")
            .defaultsTo("Reply STOP to unsubscribe, START to subscribe again."),
    };
  }

  std::vector<std::string> defaultKeywords(const ConfigValues& settings) const override {
    std::vector<std::string> out;
    for (const char* list : {"stop_words", "start_words", "help_words"})
      for (auto& w : pigeon::sdk::keyword::splitWordList(settings.getString(list)))
        out.push_back(std::move(w));
    return out;
  }

  pigeon::sdk::Result<std::unique_ptr<pigeon::sdk::keyword::KeywordHandler>> create(
      const ConfigValues& settings) const override {
    return std::unique_ptr<pigeon::sdk::keyword::KeywordHandler>(
        std::make_unique<pigeon::plugins::optout::OptOutHandler>(settings));
  }
};

const pigeon::sdk::PluginFactory& factory() {
  static const OptOutFactory instance;
  return instance;
}

}  // namespace

extern "C" const pigeon::sdk::PluginDescriptor kOptOutDescriptor = pigeon::sdk::describePlugin(
    pigeon::sdk::PluginKind::kKeyword, "pigeon.keyword.optout", "0.1.0",
    "STOP / START / HELP: opt-out and opt-in by SMS, recorded in the consent ledger", &factory);

PIGEON_EXPORT_PLUGIN(kOptOutDescriptor)
