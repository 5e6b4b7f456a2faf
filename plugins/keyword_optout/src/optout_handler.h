#pragma once
// STOP, START and HELP: the sender's consent, changed and confirmed by one reply.

#include <optional>
#include <string>
#include <vector>

#include "pigeon/sdk/config_schema.h"
#include "pigeon/sdk/keyword/keyword_handler.h"

namespace pigeon::plugins::optout {

enum class Action { kStop, kStart, kHelp };

class OptOutHandler final : public sdk::keyword::KeywordHandler {
public:
  explicit OptOutHandler(const sdk::ConfigValues& settings);
  sdk::Result<std::string> handle(sdk::keyword::KeywordContext& context) noexcept override;

private:
  struct Words {
    Action action;
    std::vector<std::string> words;
    std::string reply;
  };
  // The rule's "action" setting, else the list the keyword is in.
  std::optional<Action> actionFor(sdk::keyword::KeywordContext& context) const;
  const Words& row(Action action) const;

  std::string fixedAction_;  // "auto", "stop", "start" or "help"
  std::vector<Words> table_;
};

}  // namespace pigeon::plugins::optout
