#pragma once
// SMS text analysis: which alphabet a message needs and how many concatenated parts it takes.
//
// GSM-7 (GSM 03.38 default alphabet plus its extension table) is used when every character
// fits, because it gives 160 characters per SMS; anything else forces UCS-2 (70 per SMS).
// Multi-part messages lose room to the concatenation header (153 / 67 per part), and a
// character is never split across parts, so parts are counted by greedy filling.

#include <string>
#include <string_view>
#include <vector>

namespace pigeon::text {

enum class Encoding { kGsm7, kUcs2 };

struct TextAnalysis {
  Encoding encoding;
  int units;       // GSM-7 septets (extension chars count 2) or UTF-16 code units
  int parts;       // concatenated parts: GSM-7 160 single / 153 per part; UCS-2 70 / 67
  bool validUtf8;  // false if input is not valid UTF-8 (then encoding=kUcs2, parts=0)
};

TextAnalysis analyzeText(std::string_view utf8);

// The UTF-8 text of each part, split by the same rule analyzeText counts with. Empty text
// gives one empty part (it is still one SMS); invalid UTF-8 gives no parts.
std::vector<std::string> splitParts(std::string_view utf8);

const char* encodingName(Encoding encoding);  // "GSM7" / "UCS2"

}  // namespace pigeon::text
