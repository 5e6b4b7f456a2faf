#pragma once
// Finds the first keyword rule an inbound SMS matches: rules are tried in order, a rule for
// one number only sees texts sent to that number, and the first match wins.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "keywords/text_fold.h"

namespace pigeon::host::keywords {

enum class MatchMode {
  kWholeText,  // the text is the keyword and nothing else (punctuation aside)
  kFirstWord,  // the text starts with the keyword
  kAnyWord,    // the keyword is a word (or words) anywhere in the text
  kAnyText,    // every text, even an empty one: a catch-all
};

// The names of the modes in the API and the store, "first_word" etc.; nullopt for others.
std::optional<MatchMode> parseMatchMode(std::string_view name);
const char* matchModeName(MatchMode mode);

struct MatchableRule {
  std::vector<std::string> keywords;  // as spelled; a keyword may be several words
  MatchMode mode = MatchMode::kFirstWord;
  std::string number;      // empty: texts to any number
  std::string separators;  // besides white space
};

struct RuleMatch {
  std::size_t index = 0;  // of the rule, in the order given
  std::string keyword;    // as the rule spells it
  std::string rest;       // the text without the keyword
  std::vector<std::string> restWords;
};

// Whether two numbers are one: digits compared when both are numbers ("+7 916..." and
// "7916..."), else the texts, case-insensitively (alphanumeric sender ids).
bool sameNumber(std::string_view a, std::string_view b);

class RuleMatcher {
public:
  explicit RuleMatcher(std::vector<MatchableRule> rules);

  std::optional<RuleMatch> match(std::string_view text, std::string_view to) const;
  std::size_t size() const { return rules_.size(); }

private:
  struct Compiled {
    MatchableRule rule;
    std::vector<std::vector<std::string>> folded;  // per keyword, its words folded
  };
  std::vector<Compiled> rules_;
};

}  // namespace pigeon::host::keywords
