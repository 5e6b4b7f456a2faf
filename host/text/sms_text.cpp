#include "text/sms_text.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>

namespace pigeon::text {

namespace {

// GSM 03.38 default alphabet in septet order, so each row can be checked against the standard.
// 0x1B is left out: it is the escape to the extension table, not a character.
constexpr std::array<char32_t, 127> kGsmBasicInSeptetOrder = {
    U'@',  U'£',           U'$', U'¥', U'è', U'é', U'ù', U'ì', U'ò', U'Ç', U'\n', U'Ø', U'ø',
    U'\r', U'Å',           U'å', U'Δ', U'_', U'Φ', U'Γ', U'Λ', U'Ω', U'Π', U'Ψ',  U'Σ', U'Θ',
    U'Ξ',  /* ESC */ U'Æ', U'æ', U'ß', U'É', U' ', U'!', U'"', U'#', U'¤', U'%',  U'&', U'\'',
    U'(',  U')',           U'*', U'+', U',', U'-', U'.', U'/', U'0', U'1', U'2',  U'3', U'4',
    U'5',  U'6',           U'7', U'8', U'9', U':', U';', U'<', U'=', U'>', U'?',  U'¡', U'A',
    U'B',  U'C',           U'D', U'E', U'F', U'G', U'H', U'I', U'J', U'K', U'L',  U'M', U'N',
    U'O',  U'P',           U'Q', U'R', U'S', U'T', U'U', U'V', U'W', U'X', U'Y',  U'Z', U'Ä',
    U'Ö',  U'Ñ',           U'Ü', U'§', U'¿', U'a', U'b', U'c', U'd', U'e', U'f',  U'g', U'h',
    U'i',  U'j',           U'k', U'l', U'm', U'n', U'o', U'p', U'q', U'r', U's',  U't', U'u',
    U'v',  U'w',           U'x', U'y', U'z', U'ä', U'ö', U'ñ', U'ü', U'à',
};

// Extension table: each is sent as ESC + septet, hence 2 septets.
constexpr std::array<char32_t, 10> kGsmExtensionUnsorted = {
    U'\f', U'^', U'{', U'}', U'\\', U'[', U'~', U']', U'|', U'€',
};

template <std::size_t N>
constexpr std::array<char32_t, N> sortedCopy(std::array<char32_t, N> table) {
  std::sort(table.begin(), table.end());
  return table;
}

// Sorted at compile time so lookups can binary-search while the source keeps septet order.
constexpr auto kGsmBasic = sortedCopy(kGsmBasicInSeptetOrder);
constexpr auto kGsmExtension = sortedCopy(kGsmExtensionUnsorted);

// A duplicate would mean a typo that silently dropped a real character from the alphabet.
static_assert(std::adjacent_find(kGsmBasic.begin(), kGsmBasic.end()) == kGsmBasic.end());
static_assert(std::adjacent_find(kGsmExtension.begin(), kGsmExtension.end()) ==
              kGsmExtension.end());

struct PartLimits {
  int single;   // units when the message fits in one SMS
  int perPart;  // units per part once the concatenation header takes its share
};

// Indexed by Encoding.
constexpr PartLimits kPartLimits[] = {{160, 153}, {70, 67}};
constexpr const char* kEncodingNames[] = {"GSM7", "UCS2"};

// Lead byte patterns of UTF-8; the minimum code point per length rejects overlong forms.
struct LeadByte {
  unsigned char mask;
  unsigned char value;
  std::size_t length;
  char32_t minCodePoint;
};

constexpr LeadByte kLeadBytes[] = {
    {0x80, 0x00, 1, 0x0},
    {0xE0, 0xC0, 2, 0x80},
    {0xF0, 0xE0, 3, 0x800},
    {0xF8, 0xF0, 4, 0x10000},
};

constexpr char32_t kMaxCodePoint = 0x10FFFF;
constexpr char32_t kSurrogateFirst = 0xD800;
constexpr char32_t kSurrogateLast = 0xDFFF;
constexpr char32_t kMaxBmp = 0xFFFF;

struct Symbol {
  std::size_t begin;  // byte offset in the UTF-8 input
  char32_t codePoint;
  int units;  // filled once the encoding is known
};

const LeadByte* findLeadByte(unsigned char byte) {
  for (const auto& lead : kLeadBytes) {
    if ((byte & lead.mask) == lead.value) return &lead;
  }
  return nullptr;
}

// Strict decoding: surrogates, overlong forms and values past U+10FFFF are rejected, since
// providers would reject or mangle them anyway.
std::optional<std::vector<Symbol>> decodeUtf8(std::string_view utf8) {
  std::vector<Symbol> symbols;
  symbols.reserve(utf8.size());
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const auto first = static_cast<unsigned char>(utf8[pos]);
    const LeadByte* lead = findLeadByte(first);
    if (lead == nullptr || pos + lead->length > utf8.size()) return std::nullopt;
    char32_t codePoint = first & static_cast<unsigned char>(~lead->mask);
    for (std::size_t i = 1; i < lead->length; ++i) {
      const auto next = static_cast<unsigned char>(utf8[pos + i]);
      if ((next & 0xC0) != 0x80) return std::nullopt;
      codePoint = (codePoint << 6) | (next & 0x3F);
    }
    if (codePoint < lead->minCodePoint || codePoint > kMaxCodePoint ||
        (codePoint >= kSurrogateFirst && codePoint <= kSurrogateLast)) {
      return std::nullopt;
    }
    symbols.push_back({pos, codePoint, 0});
    pos += lead->length;
  }
  return symbols;
}

// Septets for a code point in GSM-7, or 0 when GSM-7 cannot carry it.
int gsmSeptets(char32_t codePoint) {
  if (std::binary_search(kGsmBasic.begin(), kGsmBasic.end(), codePoint)) return 1;
  if (std::binary_search(kGsmExtension.begin(), kGsmExtension.end(), codePoint)) return 2;
  return 0;
}

int ucs2Units(char32_t codePoint) { return codePoint > kMaxBmp ? 2 : 1; }

struct PartPlan {
  bool valid = false;
  Encoding encoding = Encoding::kUcs2;
  int units = 0;
  std::vector<std::size_t> partStarts;  // byte offset where each part begins
};

PartPlan planParts(std::string_view utf8) {
  PartPlan plan;
  auto symbols = decodeUtf8(utf8);
  if (!symbols) return plan;
  plan.valid = true;

  bool allGsm = true;
  for (auto& symbol : *symbols) {
    symbol.units = gsmSeptets(symbol.codePoint);
    allGsm = allGsm && symbol.units > 0;
  }
  plan.encoding = allGsm ? Encoding::kGsm7 : Encoding::kUcs2;
  for (auto& symbol : *symbols) {
    if (!allGsm) symbol.units = ucs2Units(symbol.codePoint);
    plan.units += symbol.units;
  }

  const PartLimits& limits = kPartLimits[static_cast<int>(plan.encoding)];
  plan.partStarts.push_back(0);
  if (plan.units <= limits.single) return plan;

  // Greedy filling instead of division: a 2-unit character that would straddle a boundary
  // moves whole to the next part, which can add a part that division would not predict.
  int used = 0;
  for (const auto& symbol : *symbols) {
    if (used + symbol.units > limits.perPart) {
      plan.partStarts.push_back(symbol.begin);
      used = 0;
    }
    used += symbol.units;
  }
  return plan;
}

}  // namespace

TextAnalysis analyzeText(std::string_view utf8) {
  const PartPlan plan = planParts(utf8);
  return {plan.encoding, plan.units, static_cast<int>(plan.partStarts.size()), plan.valid};
}

std::vector<std::string> splitParts(std::string_view utf8) {
  const PartPlan plan = planParts(utf8);
  std::vector<std::string> parts;
  parts.reserve(plan.partStarts.size());
  for (std::size_t i = 0; i < plan.partStarts.size(); ++i) {
    const std::size_t begin = plan.partStarts[i];
    const std::size_t end = i + 1 < plan.partStarts.size() ? plan.partStarts[i + 1] : utf8.size();
    parts.emplace_back(utf8.substr(begin, end - begin));
  }
  return parts;
}

const char* encodingName(Encoding encoding) { return kEncodingNames[static_cast<int>(encoding)]; }

}  // namespace pigeon::text
