#pragma once
// How keywords and texts are compared: "Stop", "STOP", "ＳＴＯＰ" and "SТОP" typed with
// Cyrillic Т and О are one word; so are "١" and "1", Arabic and Persian kaf and yeh. Both the
// rule's keyword and the customer's word are folded, then compared byte for byte.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pigeon::host::keywords {

// NFKC with case folding (ICU), then look-alike Cyrillic and Greek letters to Latin, digits of
// any script to ASCII, Arabic letter variants to the Persian forms, marks and tatweel dropped.
// Invalid UTF-8 sequences are dropped.
std::string foldWord(std::string_view word);

struct Word {
  std::size_t begin = 0;  // byte offsets into the text
  std::size_t end = 0;
  std::string folded;
};

// Splits at white space and at any character of `separators` (UTF-8). Words that fold to
// nothing (a lone mark) are left out.
std::vector<Word> splitWords(std::string_view text, std::string_view separators);

// At most `bytes` bytes of the text, never ending inside a UTF-8 character (MySQL refuses a
// cut one).
std::string utf8Prefix(std::string_view text, std::size_t bytes);

// The text with every byte that is not part of a well-formed UTF-8 character replaced by
// U+FFFD, for text from elsewhere (a web server's answer) that is stored or shown.
std::string validUtf8(std::string_view text);

// Whether the text holds a letter or a digit of any script.
bool hasLetterOrDigit(std::string_view text);

// The text without white space and separators at either end.
std::string_view trimSeparators(std::string_view text, std::string_view separators);

}  // namespace pigeon::host::keywords
