// pigeon.keyword.selfservice: a word (BALANCE, USAGE, ...) answered at once with a saved
// template rendered on the sender's own row, or on the row of the template's type the sender
// refers to (a contact's account).

#include <charconv>
#include <memory>

#include "pigeon/sdk/export.h"
#include "pigeon/sdk/keyword/keyword_factory.h"

namespace {

using pigeon::sdk::ConfigField;
using pigeon::sdk::ConfigSchema;
using pigeon::sdk::ConfigValues;
using pigeon::sdk::Result;
using pigeon::sdk::Status;
using pigeon::sdk::keyword::KeywordContext;

class SelfServiceHandler final : public pigeon::sdk::keyword::KeywordHandler {
public:
  explicit SelfServiceHandler(const ConfigValues& settings)
      : template_(settings.getString("template")),
        type_(settings.getString("entity_type")),
        notFound_(settings.getString("not_found_reply")) {}

  Result<std::string> handle(KeywordContext& context) noexcept override {
    try {
      auto id = rowId(context);
      if (!id) {
        if (auto s = context.reply(notFound_); !s.isOk()) return s;
        return std::string("no " + type_ + " for this number");
      }
      auto text = context.render(template_, type_, *id);
      if (!text) return text.status();
      if (auto s = context.reply(text.value()); !s.isOk()) return s;
      return "answered with " + template_ + " for " + type_ + " " + std::to_string(*id);
    } catch (const std::exception& e) {
      return Status::internal(e.what());
    }
  }

private:
  // The sender's row if it is of the template's type, else the one its field of that name
  // refers to (contact.account).
  std::optional<std::int64_t> rowId(KeywordContext& context) const {
    const auto& sender = context.sender();
    if (!sender) return std::nullopt;
    if (sender->type == type_) return sender->id;
    auto it = sender->fields.find(type_);
    if (it == sender->fields.end() || it->second.empty()) return std::nullopt;
    std::int64_t id = 0;
    const auto& text = it->second;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
    return id;
  }

  std::string template_;
  std::string type_;
  std::string notFound_;
};

class SelfServiceFactory final : public pigeon::sdk::KeywordFactory {
public:
  ConfigSchema schema() const override {
    return {
        ConfigField::string("template", "The saved template that answers (name)").markRequired(),
        ConfigField::string("entity_type", "The template's entity type").defaultsTo("account"),
        ConfigField::string("not_found_reply", "The answer when no row is found for the number")
            .defaultsTo("Sorry, we could not find your account for this number."),
    };
  }
  // The words are the rule's own: BALANCE in one rule, USAGE in another.
  std::vector<std::string> defaultKeywords(const ConfigValues&) const override { return {}; }

  Result<std::unique_ptr<pigeon::sdk::keyword::KeywordHandler>> create(
      const ConfigValues& settings) const override {
    return std::unique_ptr<pigeon::sdk::keyword::KeywordHandler>(
        std::make_unique<SelfServiceHandler>(settings));
  }
};

const pigeon::sdk::PluginFactory& factory() {
  static const SelfServiceFactory instance;
  return instance;
}

}  // namespace

extern "C" const pigeon::sdk::PluginDescriptor kSelfServiceDescriptor = pigeon::sdk::describePlugin(
    pigeon::sdk::PluginKind::kKeyword, "pigeon.keyword.selfservice", "0.1.0",
    "Self-service: BALANCE, USAGE... answered with a template on the "
    "sender's row",
    &factory);

PIGEON_EXPORT_PLUGIN(kSelfServiceDescriptor)
