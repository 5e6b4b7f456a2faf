#include "keywords/rule_matcher.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

namespace pigeon::host::keywords {

namespace {

struct ModeName {
  MatchMode mode;
  const char* name;
};
constexpr std::array<ModeName, 4> kModes{{{MatchMode::kWholeText, "whole_text"},
                                          {MatchMode::kFirstWord, "first_word"},
                                          {MatchMode::kAnyWord, "any_word"},
                                          {MatchMode::kAnyText, "any_text"}}};

// Digits only, when the text is a number written with the usual punctuation; else nullopt.
std::optional<std::string> digitsOf(std::string_view s) {
  std::string digits;
  for (char ch : s) {
    if (ch >= '0' && ch <= '9')
      digits += ch;
    else if (ch != '+' && ch != ' ' && ch != '-' && ch != '(' && ch != ')')
      return std::nullopt;
  }
  if (digits.empty()) return std::nullopt;
  return digits;
}

// Where the keyword's words start in `words`, if they are there (at 0 only, but for kAnyWord).
std::optional<std::size_t> find(const std::vector<Word>& words,
                                const std::vector<std::string>& keyword, MatchMode mode) {
  if (keyword.empty() || words.size() < keyword.size()) return std::nullopt;
  if (mode == MatchMode::kWholeText && words.size() != keyword.size()) return std::nullopt;
  const std::size_t last = mode == MatchMode::kAnyWord ? words.size() - keyword.size() : 0;
  for (std::size_t at = 0; at <= last; ++at) {
    bool all = true;
    for (std::size_t k = 0; k < keyword.size() && all; ++k)
      all = words[at + k].folded == keyword[k];
    if (all) return at;
  }
  return std::nullopt;
}

}  // namespace

std::optional<MatchMode> parseMatchMode(std::string_view name) {
  for (const auto& m : kModes)
    if (name == m.name) return m.mode;
  return std::nullopt;
}

const char* matchModeName(MatchMode mode) {
  for (const auto& m : kModes)
    if (m.mode == mode) return m.name;
  return "first_word";
}

bool sameNumber(std::string_view a, std::string_view b) {
  auto da = digitsOf(a);
  auto db = digitsOf(b);
  if (da && db) return *da == *db;
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

RuleMatcher::RuleMatcher(std::vector<MatchableRule> rules) {
  rules_.reserve(rules.size());
  for (auto& r : rules) {
    Compiled c;
    for (const auto& k : r.keywords) {
      std::vector<std::string> words;
      for (auto& w : splitWords(k, r.separators)) words.push_back(std::move(w.folded));
      c.folded.push_back(std::move(words));
    }
    c.rule = std::move(r);
    rules_.push_back(std::move(c));
  }
}

std::optional<RuleMatch> RuleMatcher::match(std::string_view text, std::string_view to) const {
  std::map<std::string, std::vector<Word>> splits;  // most rules share one set of separators
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const auto& c = rules_[i];
    if (!c.rule.number.empty() && !sameNumber(c.rule.number, to)) continue;
    const auto& seps = c.rule.separators;
    if (c.rule.mode == MatchMode::kAnyText) {
      RuleMatch m{i, "", std::string(trimSeparators(text, seps)), {}};
      for (const auto& w : splitWords(text, seps))
        m.restWords.emplace_back(text.substr(w.begin, w.end - w.begin));
      return m;
    }
    auto it = splits.find(seps);
    if (it == splits.end()) it = splits.emplace(seps, splitWords(text, seps)).first;
    const auto& words = it->second;
    for (std::size_t k = 0; k < c.folded.size(); ++k) {
      auto at = find(words, c.folded[k], c.rule.mode);
      if (!at) continue;
      const auto end = *at + c.folded[k].size();
      const auto before = trimSeparators(text.substr(0, words[*at].begin), seps);
      const auto after = trimSeparators(text.substr(words[end - 1].end), seps);
      RuleMatch m{i, c.rule.keywords[k], std::string(before), {}};
      if (!before.empty() && !after.empty()) m.rest += ' ';
      m.rest += after;
      for (std::size_t w = 0; w < words.size(); ++w)
        if (w < *at || w >= end)
          m.restWords.emplace_back(text.substr(words[w].begin, words[w].end - words[w].begin));
      return m;
    }
  }
  return std::nullopt;
}

}  // namespace pigeon::host::keywords
