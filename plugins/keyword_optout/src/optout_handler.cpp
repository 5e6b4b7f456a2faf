#include "optout_handler.h"

#include <array>

#include "pigeon/sdk/keyword/word_list.h"

namespace pigeon::plugins::optout {

namespace {

struct ActionName {
  Action action;
  const char* name;
  const char* words;  // settings
  const char* reply;
};
constexpr std::array<ActionName, 3> kActions{{
    {Action::kStop, "stop", "stop_words", "stop_reply"},
    {Action::kStart, "start", "start_words", "start_reply"},
    {Action::kHelp, "help", "help_words", "help_reply"},
}};

}  // namespace

OptOutHandler::OptOutHandler(const sdk::ConfigValues& settings)
    : fixedAction_(settings.getString("action")) {
  for (const auto& a : kActions)
    table_.push_back({a.action, sdk::keyword::splitWordList(settings.getString(a.words)),
                      settings.getString(a.reply)});
}

const OptOutHandler::Words& OptOutHandler::row(Action action) const {
  for (const auto& w : table_)
    if (w.action == action) return w;
  return table_.front();
}

std::optional<Action> OptOutHandler::actionFor(sdk::keyword::KeywordContext& context) const {
  for (const auto& a : kActions)
    if (fixedAction_ == a.name) return a.action;
  const auto keyword = context.fold(context.message().keyword);
  for (const auto& w : table_)
    for (const auto& word : w.words)
      if (context.fold(word) == keyword) return w.action;
  return std::nullopt;
}

sdk::Result<std::string> OptOutHandler::handle(sdk::keyword::KeywordContext& context) noexcept {
  try {
    const auto action = actionFor(context);
    if (!action)
      return sdk::Status::invalidArgument("'" + context.message().keyword +
                                          "' is in none of the stop, start and help words;"
                                          " set the rule's action");
    const auto& words = row(*action);
    if (*action == Action::kHelp) {
      if (auto s = context.reply(words.reply); !s.isOk()) return s;
      return std::string("help sent");
    }
    const bool stop = *action == Action::kStop;
    // One confirmation: a second STOP (or START) changes nothing and is not answered again.
    if (context.optedOut() == stop)
      return std::string(stop ? "already opted out" : "not opted out");
    if (auto s = context.setOptedOut(stop); !s.isOk()) return s;
    if (auto s = context.reply(words.reply); !s.isOk()) return s;
    return std::string(stop ? "opted out" : "opted in");
  } catch (const std::exception& e) {
    return sdk::Status::internal(e.what());
  }
}

}  // namespace pigeon::plugins::optout
