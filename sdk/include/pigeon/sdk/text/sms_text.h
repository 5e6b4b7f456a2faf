#pragma once
// SMS text, for plugins and the host alike: which alphabet a text needs, how many concatenated
// parts it takes, and its bytes in GSM 03.38 or UCS-2 and back.
//
// GSM-7 (the GSM 03.38 default alphabet plus its extension table) is used when every character
// fits, because it gives 160 characters per SMS; anything else forces UCS-2 (70 per SMS).
// Multi-part messages lose room to the concatenation header (153 / 67 per part), and a
// character is never split across parts, so parts are counted by greedy filling.
//
// Header-only, so the SDK stays a set of headers; nothing here throws.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pigeon/sdk/message.h"

namespace pigeon::sdk::text {

struct TextAnalysis {
  Encoding encoding;
  int units;       // GSM-7 septets (extension chars count 2) or UTF-16 code units
  int parts;       // concatenated parts: GSM-7 160 single / 153 per part; UCS-2 70 / 67
  bool validUtf8;  // false if input is not valid UTF-8 (then encoding=kUcs2, parts=0)
};

namespace detail {

// GSM 03.38 default alphabet in septet order, so each row can be checked against the standard.
// 0x1B is left out: it is the escape to the extension table, not a character.
inline constexpr std::array<char32_t, 127> kGsmBasicInSeptetOrder = {
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
inline constexpr std::array<char32_t, 10> kGsmExtensionUnsorted = {
    U'\f', U'^', U'{', U'}', U'\\', U'[', U'~', U']', U'|', U'€',
};

template <std::size_t N>
constexpr std::array<char32_t, N> sortedCopy(std::array<char32_t, N> table) {
  std::sort(table.begin(), table.end());
  return table;
}

// Sorted at compile time so lookups can binary-search while the source keeps septet order.
inline constexpr auto kGsmBasic = sortedCopy(kGsmBasicInSeptetOrder);
inline constexpr auto kGsmExtension = sortedCopy(kGsmExtensionUnsorted);

// A duplicate would mean a typo that silently dropped a real character from the alphabet.
static_assert(std::adjacent_find(kGsmBasic.begin(), kGsmBasic.end()) == kGsmBasic.end());
static_assert(std::adjacent_find(kGsmExtension.begin(), kGsmExtension.end()) ==
              kGsmExtension.end());

struct PartLimits {
  int single;   // units when the message fits in one SMS
  int perPart;  // units per part once the concatenation header takes its share
};

// Indexed by Encoding.
inline constexpr PartLimits kPartLimits[] = {{160, 153}, {70, 67}};
inline constexpr const char* kEncodingNames[] = {"GSM7", "UCS2"};

// Lead byte patterns of UTF-8; the minimum code point per length rejects overlong forms.
struct LeadByte {
  unsigned char mask;
  unsigned char value;
  std::size_t length;
  char32_t minCodePoint;
};

inline constexpr LeadByte kLeadBytes[] = {
    {0x80, 0x00, 1, 0x0},
    {0xE0, 0xC0, 2, 0x80},
    {0xF0, 0xE0, 3, 0x800},
    {0xF8, 0xF0, 4, 0x10000},
};

inline constexpr char32_t kMaxCodePoint = 0x10FFFF;
inline constexpr char32_t kSurrogateFirst = 0xD800;
inline constexpr char32_t kSurrogateLast = 0xDFFF;
inline constexpr char32_t kMaxBmp = 0xFFFF;

struct Symbol {
  std::size_t begin;  // byte offset in the UTF-8 input
  char32_t codePoint;
  int units;  // filled once the encoding is known
};

inline const LeadByte* findLeadByte(unsigned char byte) {
  for (const auto& lead : kLeadBytes) {
    if ((byte & lead.mask) == lead.value) return &lead;
  }
  return nullptr;
}

// Strict decoding: surrogates, overlong forms and values past U+10FFFF are rejected, since
// providers would reject or mangle them anyway.
inline std::optional<std::vector<Symbol>> decodeUtf8(std::string_view utf8) {
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
inline int gsmSeptets(char32_t codePoint) {
  if (std::binary_search(kGsmBasic.begin(), kGsmBasic.end(), codePoint)) return 1;
  if (std::binary_search(kGsmExtension.begin(), kGsmExtension.end(), codePoint)) return 2;
  return 0;
}

inline int ucs2Units(char32_t codePoint) { return codePoint > kMaxBmp ? 2 : 1; }

struct PartPlan {
  bool valid = false;
  Encoding encoding = Encoding::kUcs2;
  int units = 0;
  std::vector<std::size_t> partStarts;  // byte offset where each part begins
};

inline PartPlan planParts(std::string_view utf8) {
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

inline void appendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

inline constexpr std::uint8_t kGsmEscape = 0x1B;

// The extension table with the septet that follows the escape, as GSM 03.38 lists it.
struct ExtensionSeptet {
  char32_t codePoint;
  std::uint8_t septet;
};
inline constexpr ExtensionSeptet kGsmExtensionSeptets[] = {
    {U'\f', 0x0A}, {U'^', 0x14}, {U'{', 0x28}, {U'}', 0x29}, {U'\\', 0x2F},
    {U'[', 0x3C},  {U'~', 0x3D}, {U']', 0x3E}, {U'|', 0x40}, {U'€', 0x65},
};

// The basic table leaves out the escape (septet 0x1B), so septets after it sit one earlier.
inline char32_t basicCharacter(std::uint8_t septet) {
  if (septet == kGsmEscape || septet > 0x7F) return U'?';
  return kGsmBasicInSeptetOrder[septet < kGsmEscape ? septet : septet - 1u];
}

inline constexpr std::uint8_t kNoSeptet = 0xFF;

// Septet by code point for U+0000..U+00FF, built at compile time from the table above: all of
// the basic table but the Greek capitals sits there, and encoding looks up every character.
inline constexpr auto kLatin1Septets = [] {
  std::array<std::uint8_t, 256> table{};
  table.fill(kNoSeptet);
  for (std::size_t i = 0; i < kGsmBasicInSeptetOrder.size(); ++i)
    if (kGsmBasicInSeptetOrder[i] < table.size())
      table[kGsmBasicInSeptetOrder[i]] = static_cast<std::uint8_t>(i < kGsmEscape ? i : i + 1);
  return table;
}();

inline std::optional<std::uint8_t> basicSeptet(char32_t c) {
  if (c < kLatin1Septets.size()) {
    const auto septet = kLatin1Septets[c];
    return septet == kNoSeptet ? std::nullopt : std::optional(septet);
  }
  for (std::size_t i = 0; i < kGsmBasicInSeptetOrder.size(); ++i)
    if (kGsmBasicInSeptetOrder[i] == c)
      return static_cast<std::uint8_t>(i < kGsmEscape ? i : i + 1);
  return std::nullopt;
}

}  // namespace detail

inline TextAnalysis analyzeText(std::string_view utf8) {
  const detail::PartPlan plan = detail::planParts(utf8);
  return {plan.encoding, plan.units, static_cast<int>(plan.partStarts.size()), plan.valid};
}

// The UTF-8 text of each part, split by the same rule analyzeText counts with. Empty text
// gives one empty part (it is still one SMS); invalid UTF-8 gives no parts.
inline std::vector<std::string> splitParts(std::string_view utf8) {
  const detail::PartPlan plan = detail::planParts(utf8);
  std::vector<std::string> parts;
  parts.reserve(plan.partStarts.size());
  for (std::size_t i = 0; i < plan.partStarts.size(); ++i) {
    const std::size_t begin = plan.partStarts[i];
    const std::size_t end = i + 1 < plan.partStarts.size() ? plan.partStarts[i + 1] : utf8.size();
    parts.emplace_back(utf8.substr(begin, end - begin));
  }
  return parts;
}

inline const char* encodingName(Encoding encoding) {  // "GSM7" / "UCS2"
  return detail::kEncodingNames[static_cast<int>(encoding)];
}

// GSM 03.38, one septet per octet (unpacked, as SMPP data_coding 0 carries it): extension
// characters become the escape plus their septet. nullopt for invalid UTF-8 or a character
// GSM-7 cannot carry.
inline std::optional<std::string> encodeGsm7(std::string_view utf8) {
  auto symbols = detail::decodeUtf8(utf8);
  if (!symbols) return std::nullopt;
  std::string out;
  out.reserve(symbols->size());
  for (const auto& s : *symbols) {
    if (auto septet = detail::basicSeptet(s.codePoint)) {
      out += static_cast<char>(*septet);
      continue;
    }
    const auto* ext = std::find_if(std::begin(detail::kGsmExtensionSeptets),
                                   std::end(detail::kGsmExtensionSeptets),
                                   [&](const auto& e) { return e.codePoint == s.codePoint; });
    if (ext == std::end(detail::kGsmExtensionSeptets)) return std::nullopt;
    out += static_cast<char>(detail::kGsmEscape);
    out += static_cast<char>(ext->septet);
  }
  return out;
}

// Unpacked GSM 03.38 septets to UTF-8. The high bit is ignored; an escape before a septet the
// extension table lacks reads as that septet's basic character (GSM 03.38, 6.2.1.1).
inline std::string decodeGsm7(std::string_view septets) {
  std::string out;
  out.reserve(septets.size());
  for (std::size_t i = 0; i < septets.size(); ++i) {
    auto s = static_cast<std::uint8_t>(septets[i] & 0x7F);
    if (s == detail::kGsmEscape) {
      if (i + 1 == septets.size()) break;
      s = static_cast<std::uint8_t>(septets[++i] & 0x7F);
      const auto* ext = std::find_if(std::begin(detail::kGsmExtensionSeptets),
                                     std::end(detail::kGsmExtensionSeptets),
                                     [&](const auto& e) { return e.septet == s; });
      if (ext != std::end(detail::kGsmExtensionSeptets)) {
        detail::appendUtf8(out, ext->codePoint);
        continue;
      }
    }
    detail::appendUtf8(out, detail::basicCharacter(s));
  }
  return out;
}

// UTF-16BE (characters past U+FFFF as surrogate pairs, as phones read "UCS-2" today). nullopt
// for invalid UTF-8.
inline std::optional<std::string> encodeUcs2(std::string_view utf8) {
  auto symbols = detail::decodeUtf8(utf8);
  if (!symbols) return std::nullopt;
  std::string out;
  out.reserve(symbols->size() * 2);
  auto unit = [&out](char32_t u) {
    out += static_cast<char>(u >> 8);
    out += static_cast<char>(u & 0xFF);
  };
  for (const auto& s : *symbols) {
    if (s.codePoint > detail::kMaxBmp) {
      const char32_t v = s.codePoint - 0x10000;
      unit(0xD800 + (v >> 10));
      unit(0xDC00 + (v & 0x3FF));
    } else {
      unit(s.codePoint);
    }
  }
  return out;
}

// UTF-16BE to UTF-8; an odd last octet or a lone surrogate becomes U+FFFD.
inline std::string decodeUcs2(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  auto at = [&](std::size_t i) {
    return static_cast<char32_t>((static_cast<std::uint8_t>(bytes[i]) << 8) |
                                 static_cast<std::uint8_t>(bytes[i + 1]));
  };
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    const char32_t u = at(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < bytes.size()) {
      const char32_t low = at(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        detail::appendUtf8(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
        i += 2;
        continue;
      }
    }
    detail::appendUtf8(out, (u >= 0xD800 && u <= 0xDFFF) ? char32_t{0xFFFD} : u);
  }
  if (i < bytes.size()) detail::appendUtf8(out, 0xFFFD);
  return out;
}

}  // namespace pigeon::sdk::text
