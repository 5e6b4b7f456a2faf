#include "case_handler.h"

#include <map>
#include <set>

#include "pigeon/sdk/keyword/word_list.h"

namespace pigeon::plugins::cases {

namespace {

// At most `chars` characters of `text` (never cutting a UTF-8 character), at a word's end
// when there is one.
std::string subjectOf(const std::string& text, std::size_t chars) {
  std::size_t bytes = 0;
  for (std::size_t n = 0; bytes < text.size() && n < chars; ++n) {
    ++bytes;
    while (bytes < text.size() && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) ++bytes;
  }
  if (bytes >= text.size()) return text;
  const auto space = text.rfind(' ', bytes);
  return text.substr(0, space != std::string::npos && space > 0 ? space : bytes) + "…";
}

}  // namespace

CaseHandler::CaseHandler(const sdk::ConfigValues& settings)
    : type_(settings.getString("entity_type")),
      urgentWords_(sdk::keyword::splitWordList(settings.getString("urgent_words"))),
      reply_(settings.getString("reply")),
      urgentReply_(settings.getString("urgent_reply")),
      subjectChars_(static_cast<std::size_t>(settings.getInteger("subject_chars"))) {}

sdk::Result<std::string> CaseHandler::handle(sdk::keyword::KeywordContext& context) noexcept {
  try {
    const auto& m = context.message();
    std::set<std::string> urgent;
    for (const auto& w : urgentWords_) urgent.insert(context.fold(w));
    bool flagged = false;
    std::string description;
    for (const auto& word : m.restWords) {
      if (urgent.count(context.fold(word))) {
        flagged = true;
        continue;
      }
      description += (description.empty() ? "" : " ") + word;
    }
    std::map<std::string, std::string> fields{
        {"subject", description.empty() ? m.keyword : subjectOf(description, subjectChars_)},
        {"description", description},
        {"status", "open"},
        {"priority", flagged ? "critical" : "normal"},
        {"urgent", flagged ? "true" : "false"},
        {"channel", "sms"},
    };
    const auto& sender = context.sender();
    if (sender && sender->type == "contact") fields["contact"] = std::to_string(sender->id);
    auto id = context.create(type_, fields);
    if (!id) return id.status();
    const auto number = context.dryRun() ? std::string("(new)") : std::to_string(id.value());
    if (auto s =
            context.reply(sdk::keyword::fillIn(flagged ? urgentReply_ : reply_, "case", number));
        !s.isOk())
      return s;
    return "case " + number + " created" + (flagged ? ", flagged urgent" : "");
  } catch (const std::exception& e) {
    return sdk::Status::internal(e.what());
  }
}

}  // namespace pigeon::plugins::cases
