#include "keywords/text_fold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <utility>

namespace pigeon::host::keywords {

namespace {

// Lower-case letters (after case folding) that look like a Latin letter, and the Arabic
// letters Persian writes another way. Sorted by code point for the binary search.
constexpr std::array<std::pair<char32_t, char32_t>, 30> kLookAlikes{{
    {0x03B1, 'a'},    {0x03B9, 'i'},    {0x03BA, 'k'},    {0x03BD, 'v'},    {0x03BF, 'o'},
    {0x03C1, 'p'},    {0x03C4, 't'},    {0x03C5, 'u'},    {0x03C7, 'x'},    {0x0430, 'a'},
    {0x0432, 'b'},    {0x0435, 'e'},    {0x043A, 'k'},    {0x043C, 'm'},    {0x043D, 'h'},
    {0x043E, 'o'},    {0x0440, 'p'},    {0x0441, 'c'},    {0x0442, 't'},    {0x0443, 'y'},
    {0x0445, 'x'},    {0x0455, 's'},    {0x0456, 'i'},    {0x0458, 'j'},    {0x0629, 0x0647},
    {0x0643, 0x06A9}, {0x0649, 0x06CC}, {0x064A, 0x06CC}, {0x0671, 0x0627}, {0x06C1, 0x0647},
}};
static_assert(std::is_sorted(kLookAlikes.begin(), kLookAlikes.end()));

char32_t lookAlike(char32_t c) {
  auto it = std::lower_bound(kLookAlikes.begin(), kLookAlikes.end(), c,
                             [](const auto& row, char32_t v) { return row.first < v; });
  return it != kLookAlikes.end() && it->first == c ? it->second : c;
}

// Marks (harakat, accents left after NFKC) and the Arabic tatweel only stretch a word.
bool dropped(char32_t c) {
  if (c == 0x0640) return true;
  const auto category = u_charType(static_cast<UChar32>(c));
  return category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK ||
         category == U_FORMAT_CHAR;
}

void appendUtf8(std::string& out, char32_t c) {
  char buffer[U8_MAX_LENGTH];
  std::int32_t length = 0;
  UBool error = false;
  U8_APPEND(buffer, length, U8_MAX_LENGTH, static_cast<UChar32>(c), error);
  if (!error) out.append(buffer, static_cast<std::size_t>(length));
}

const icu::Normalizer2* nfkcCasefold() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const auto* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return instance;
}

bool isSeparator(UChar32 c, std::string_view separators) {
  if (u_isUWhiteSpace(c)) return true;
  std::int32_t i = 0;
  const auto length = static_cast<std::int32_t>(separators.size());
  while (i < length) {
    UChar32 s = 0;
    U8_NEXT(separators.data(), i, length, s);
    if (s == c) return true;
  }
  return false;
}

}  // namespace

std::string foldWord(std::string_view word) {
  UErrorCode status = U_ZERO_ERROR;
  auto text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(word.data(), static_cast<std::int32_t>(word.size())));
  if (const auto* n = nfkcCasefold()) {
    auto normalized = n->normalize(text, status);
    if (U_SUCCESS(status)) text = std::move(normalized);
  }
  std::string out;
  out.reserve(word.size());
  for (std::int32_t i = 0; i < text.length();) {
    const UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    if (c == 0xFFFD || dropped(static_cast<char32_t>(c))) continue;  // invalid input, marks
    if (u_isdigit(c)) {
      out.push_back(static_cast<char>('0' + u_charDigitValue(c)));
      continue;
    }
    appendUtf8(out, lookAlike(static_cast<char32_t>(c)));
  }
  return out;
}

std::vector<Word> splitWords(std::string_view text, std::string_view separators) {
  std::vector<Word> words;
  const auto length = static_cast<std::int32_t>(text.size());
  std::int32_t i = 0;
  std::int32_t start = -1;
  auto close = [&](std::int32_t end) {
    if (start < 0) return;
    const auto b = static_cast<std::size_t>(start);
    const auto e = static_cast<std::size_t>(end);
    auto folded = foldWord(text.substr(b, e - b));
    if (!folded.empty()) words.push_back({b, e, std::move(folded)});
    start = -1;
  };
  while (i < length) {
    const std::int32_t at = i;
    UChar32 c = 0;
    U8_NEXT(text.data(), i, length, c);
    if (c >= 0 && isSeparator(c, separators))
      close(at);
    else if (start < 0)
      start = at;
  }
  close(length);
  return words;
}

bool hasLetterOrDigit(std::string_view text) {
  const auto length = static_cast<std::int32_t>(text.size());
  for (std::int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(text.data(), i, length, c);
    if (c >= 0 && u_isalnum(c)) return true;
  }
  return false;
}

std::string utf8Prefix(std::string_view text, std::size_t bytes) {
  if (text.size() <= bytes) return std::string(text);
  while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
  return std::string(text.substr(0, bytes));
}

std::string validUtf8(std::string_view text) {
  const auto length = static_cast<std::int32_t>(text.size());
  std::string out;
  out.reserve(text.size());
  std::int32_t i = 0;
  while (i < length) {
    const auto start = i;
    UChar32 c = 0;
    U8_NEXT(text.data(), i, length, c);
    if (c < 0)
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
    else
      out.append(text.data() + start, static_cast<std::size_t>(i - start));
  }
  return out;
}

std::string_view trimSeparators(std::string_view text, std::string_view separators) {
  const auto length = static_cast<std::int32_t>(text.size());
  std::int32_t begin = 0;
  while (begin < length) {
    std::int32_t next = begin;
    UChar32 c = 0;
    U8_NEXT(text.data(), next, length, c);
    if (c < 0 || !isSeparator(c, separators)) break;
    begin = next;
  }
  std::int32_t end = length;
  while (end > begin) {
    std::int32_t previous = end;
    UChar32 c = 0;
    U8_PREV(text.data(), 0, previous, c);
    if (c < 0 || !isSeparator(c, separators)) break;
    end = previous;
  }
  return text.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin));
}

}  // namespace pigeon::host::keywords
