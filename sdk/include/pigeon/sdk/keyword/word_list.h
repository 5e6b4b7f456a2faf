#pragma once
// Word lists in settings: "STOP, СТОП, لغو" -> {"STOP", "СТОП", "لغو"}. Commas separate,
// white space around each word goes, empty items are skipped.

#include <string>
#include <string_view>
#include <vector>

namespace pigeon::sdk::keyword {

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

}  // namespace pigeon::sdk::keyword
