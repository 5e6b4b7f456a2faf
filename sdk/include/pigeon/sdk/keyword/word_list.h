#pragma once
// Helpers for keyword plugins' settings: word lists, and replies with placeholders.

#include <string>
#include <string_view>
#include <vector>

namespace pigeon::sdk::keyword {

// "STOP, СТОП, لغو" -> {"STOP", "СТОП", "لغو"}. Commas separate, white space around each word
// goes, empty items are skipped.
inline std::vector<std::string> splitWordList(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    const auto comma = list.find(',');
    auto item = list.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return out;
}

// Every "{name}" in the text replaced by `value`: fillIn("Case {case} is open", "case", "12").
inline std::string fillIn(std::string text, std::string_view name, std::string_view value) {
  const std::string token = "{" + std::string(name) + "}";
  std::size_t at = 0;
  while ((at = text.find(token, at)) != std::string::npos) {
    text.replace(at, token.size(), value);
    at += value.size();
  }
  return text;
}

}  // namespace pigeon::sdk::keyword
