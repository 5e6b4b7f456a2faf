#pragma once
// Short lists of names (a webhook's events, the fields an automation watches) kept in one text
// column, comma-separated. The names never hold a comma.

#include <string>
#include <vector>

namespace pigeon::db {

inline std::vector<std::string> splitCommaList(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (!text.empty()) {
    const auto comma = text.find(',', start);
    out.push_back(text.substr(start, comma == std::string::npos ? comma : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

inline std::string joinCommaList(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

}  // namespace pigeon::db
