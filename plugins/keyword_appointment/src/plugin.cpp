// pigeon.keyword.appointment: a reply of YES/ДА/1 or NO/НЕТ/2 to a reminder confirms or
// cancels the sender's next appointment.

#include <memory>

#include "appointment_handler.h"
#include "pigeon/sdk/export.h"
#include "pigeon/sdk/keyword/keyword_factory.h"
#include "pigeon/sdk/keyword/word_list.h"

namespace {

using pigeon::sdk::ConfigField;
using pigeon::sdk::ConfigSchema;
using pigeon::sdk::ConfigValues;

class AppointmentFactory final : public pigeon::sdk::KeywordFactory {
public:
  ConfigSchema schema() const override {
    return {
        ConfigField::oneOf("action", {"auto", "confirm", "cancel"},
                           "What the rule does; auto: by which word list the keyword is in")
            .defaultsTo("auto"),
        ConfigField::string("yes_words", "Words that confirm, comma-separated")
            .defaultsTo("YES, Y, OK, ДА, 1, بله"),
        ConfigField::string("no_words", "Words that cancel, comma-separated")
            .defaultsTo("NO, N, НЕТ, 2, نه"),
        ConfigField::string("confirm_reply", "The answer to a confirmation; {when} is the start")
            .defaultsTo("Thank you, your appointment at {when} is confirmed."),
        ConfigField::string("cancel_reply", "The answer to a cancellation; {when} is the start")
            .defaultsTo("Your appointment at {when} is cancelled."),
        ConfigField::string("confirm_template",
                            "A saved appointment template answering instead of confirm_reply"),
        ConfigField::string("cancel_template",
                            "A saved appointment template answering instead of cancel_reply"),
        ConfigField::string("none_reply", "The answer when the sender has no upcoming appointment")
            .defaultsTo("We found no upcoming appointment for your number."),
    };
  }
  std::vector<std::string> defaultKeywords(const ConfigValues& settings) const override {
    auto out = pigeon::sdk::keyword::splitWordList(settings.getString("yes_words"));
    for (auto& w : pigeon::sdk::keyword::splitWordList(settings.getString("no_words")))
      out.push_back(std::move(w));
    return out;
  }
  pigeon::sdk::Result<std::unique_ptr<pigeon::sdk::keyword::KeywordHandler>> create(
      const ConfigValues& settings) const override {
    return std::unique_ptr<pigeon::sdk::keyword::KeywordHandler>(
        std::make_unique<pigeon::plugins::appointment::AppointmentHandler>(settings));
  }
};

const pigeon::sdk::PluginFactory& factory() {
  static const AppointmentFactory instance;
  return instance;
}

}  // namespace

extern "C" const pigeon::sdk::PluginDescriptor kAppointmentKeywordDescriptor =
    pigeon::sdk::describePlugin(pigeon::sdk::PluginKind::kKeyword, "pigeon.keyword.appointment",
                                "0.1.0",
                                "Replies to reminders: YES confirms, NO cancels the next "
                                "appointment",
                                &factory);

PIGEON_EXPORT_PLUGIN(kAppointmentKeywordDescriptor)
