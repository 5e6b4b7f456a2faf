#pragma once
// "critical problem: forms are not saved" -> a Case for the sender: the rule's keyword
// ("problem") opens it, an urgent word ("critical") flags it for the 24x7 team, the rest is the
// description; the reply carries the case number.

#include <string>
#include <vector>

#include "pigeon/sdk/config_schema.h"
#include "pigeon/sdk/keyword/keyword_handler.h"

namespace pigeon::plugins::cases {

class CaseHandler final : public sdk::keyword::KeywordHandler {
public:
  explicit CaseHandler(const sdk::ConfigValues& settings);
  sdk::Result<std::string> handle(sdk::keyword::KeywordContext& context) noexcept override;

private:
  std::string type_;
  std::vector<std::string> urgentWords_;
  std::string reply_;
  std::string urgentReply_;
  std::size_t subjectChars_;
};

}  // namespace pigeon::plugins::cases
