#include "pigeon/sdk/text/sms_text.h"

#include <cstddef>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

using pigeon::sdk::Encoding;
using pigeon::sdk::text::analyzeText;
using pigeon::sdk::text::decodeGsm7;
using pigeon::sdk::text::decodeUcs2;
using pigeon::sdk::text::encodeGsm7;
using pigeon::sdk::text::encodeUcs2;
using pigeon::sdk::text::encodingName;
using pigeon::sdk::text::splitParts;

namespace {

std::string repeat(const std::string& piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

const std::string kCyrillic = "ж";  // one UTF-16 unit, two UTF-8 bytes
const std::string kEmoji = "😀";     // U+1F600: a surrogate pair in UTF-16

}  // namespace

TEST_CASE("empty text is one empty GSM-7 part", "[sms_text]") {
  const auto analysis = analyzeText("");
  CHECK(analysis.validUtf8);
  CHECK(analysis.encoding == Encoding::kGsm7);
  CHECK(analysis.units == 0);
  CHECK(analysis.parts == 1);
  CHECK(splitParts("") == std::vector<std::string>{""});
}

TEST_CASE("GSM-7 part boundaries", "[sms_text]") {
  struct Row {
    int chars;
    int parts;
  };
  const Row rows[] = {{1, 1}, {160, 1}, {161, 2}, {306, 2}, {307, 3}, {459, 3}, {460, 4}};
  for (const auto& row : rows) {
    INFO(row.chars << " chars");
    const auto analysis = analyzeText(repeat("a", row.chars));
    CHECK(analysis.encoding == Encoding::kGsm7);
    CHECK(analysis.units == row.chars);
    CHECK(analysis.parts == row.parts);
    CHECK(splitParts(repeat("a", row.chars)).size() == static_cast<std::size_t>(row.parts));
  }
}

TEST_CASE("UCS-2 part boundaries", "[sms_text]") {
  struct Row {
    int chars;
    int parts;
  };
  const Row rows[] = {{1, 1}, {70, 1}, {71, 2}, {134, 2}, {135, 3}, {201, 3}, {202, 4}};
  for (const auto& row : rows) {
    INFO(row.chars << " Cyrillic chars");
    const auto analysis = analyzeText(repeat(kCyrillic, row.chars));
    CHECK(analysis.encoding == Encoding::kUcs2);
    CHECK(analysis.units == row.chars);
    CHECK(analysis.parts == row.parts);
  }
}

TEST_CASE("non-GSM scripts need UCS-2", "[sms_text]") {
  const auto russian = analyzeText("Привет");
  CHECK(russian.validUtf8);
  CHECK(russian.encoding == Encoding::kUcs2);
  CHECK(russian.units == 6);
  CHECK(russian.parts == 1);

  const auto persian = analyzeText("سلام دنیا");
  CHECK(persian.encoding == Encoding::kUcs2);
  CHECK(persian.units == 9);
  CHECK(persian.parts == 1);

  // One foreign character is enough to switch the whole message.
  CHECK(analyzeText(repeat("a", 100) + "á").encoding == Encoding::kUcs2);
  CHECK(analyzeText("back`tick").encoding == Encoding::kUcs2);
}

TEST_CASE("the whole GSM 03.38 default alphabet stays GSM-7", "[sms_text]") {
  const std::string alphabet =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
      "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  const auto analysis = analyzeText(alphabet);
  CHECK(analysis.encoding == Encoding::kGsm7);
  CHECK(analysis.units == 127);
  CHECK(analysis.parts == 1);
}

TEST_CASE("extension characters count two septets", "[sms_text]") {
  const auto euro = analyzeText("€");
  CHECK(euro.encoding == Encoding::kGsm7);
  CHECK(euro.units == 2);

  CHECK(analyzeText("Price: 5€").units == 10);

  const auto extension = analyzeText("^{}\\[~]|€\f");
  CHECK(extension.encoding == Encoding::kGsm7);
  CHECK(extension.units == 20);

  // 80 euro signs are exactly 160 septets: still a single SMS; one more is not.
  CHECK(analyzeText(repeat("€", 80)).parts == 1);
  CHECK(analyzeText(repeat("€", 80) + "a").parts == 2);
}

TEST_CASE("an extension character is not split across GSM-7 parts", "[sms_text]") {
  // 152 + 2 does not fit in a 153-septet part, so the euro sign opens part two.
  const std::string text = repeat("a", 152) + "€" + repeat("b", 10);
  const auto analysis = analyzeText(text);
  CHECK(analysis.units == 164);
  CHECK(analysis.parts == 2);
  const auto parts = splitParts(text);
  REQUIRE(parts.size() == 2);
  CHECK(parts[0] == repeat("a", 152));
  CHECK(parts[1] == "€" + repeat("b", 10));

  // 306 septets would be 2 parts by division; the moved euro sign makes it 3.
  const std::string longer = repeat("a", 152) + "€" + repeat("b", 152);
  CHECK(analyzeText(longer).units == 306);
  CHECK(analyzeText(longer).parts == 3);

  // At 151 the euro sign still fits: septets 152 and 153 of part one.
  const auto fits = splitParts(repeat("a", 151) + "€" + repeat("b", 10));
  REQUIRE(fits.size() == 2);
  CHECK(fits[0] == repeat("a", 151) + "€");
}

TEST_CASE("an emoji is a surrogate pair and is not split across UCS-2 parts", "[sms_text]") {
  const auto emoji = analyzeText(kEmoji);
  CHECK(emoji.encoding == Encoding::kUcs2);
  CHECK(emoji.units == 2);
  CHECK(emoji.parts == 1);

  CHECK(analyzeText(repeat(kCyrillic, 68) + kEmoji).parts == 1);  // exactly 70 units
  CHECK(analyzeText(repeat(kCyrillic, 69) + kEmoji).parts == 2);

  const std::string text = repeat(kCyrillic, 66) + kEmoji + repeat(kCyrillic, 66);
  const auto analysis = analyzeText(text);
  CHECK(analysis.units == 134);
  CHECK(analysis.parts == 3);  // division would say 2
  const auto parts = splitParts(text);
  REQUIRE(parts.size() == 3);
  CHECK(parts[0] == repeat(kCyrillic, 66));
  CHECK(parts[1] == kEmoji + repeat(kCyrillic, 65));
  CHECK(parts[2] == kCyrillic);
}

TEST_CASE("parts join back to the original text and each fits its limit", "[sms_text]") {
  const std::string gsm = repeat("Hello, {world} € ", 40);
  const std::string ucs2 = repeat("Привет, мир 😀 ", 30);
  struct Row {
    const std::string& text;
    int perPart;
  };
  const Row rows[] = {{gsm, 153}, {ucs2, 67}};
  for (const auto& row : rows) {
    const auto parts = splitParts(row.text);
    CHECK(static_cast<int>(parts.size()) == analyzeText(row.text).parts);
    std::string joined;
    for (const auto& part : parts) {
      CHECK(analyzeText(part).units <= row.perPart);
      joined += part;
    }
    CHECK(joined == row.text);
  }
}

TEST_CASE("invalid UTF-8 is reported", "[sms_text]") {
  const std::string samples[] = {
      "\xff",     // never a UTF-8 byte
      "abc\xd0",  // truncated sequence
      "\xd0"
      "a",                 // lead byte without continuation
      "\xc0\xaf",          // overlong '/'
      "\xed\xa0\x80",      // UTF-16 surrogate
      "\xf4\x90\x80\x80",  // past U+10FFFF
      "\x80",              // stray continuation byte
  };
  for (const auto& sample : samples) {
    INFO("sample bytes: " << sample.size());
    const auto analysis = analyzeText(sample);
    CHECK_FALSE(analysis.validUtf8);
    CHECK(analysis.encoding == Encoding::kUcs2);
    CHECK(analysis.parts == 0);
    CHECK(splitParts(sample).empty());
  }
}

TEST_CASE("encoding names", "[sms_text]") {
  CHECK(std::string(encodingName(Encoding::kGsm7)) == "GSM7");
  CHECK(std::string(encodingName(Encoding::kUcs2)) == "UCS2");
}

TEST_CASE("GSM-7 encodes to septets, extension characters as escape pairs, and back",
          "[sms_text]") {
  const auto septets = encodeGsm7("@A a{€}\n");
  REQUIRE(septets);
  // '@' is septet 0, '{' and '€' and '}' are escape + 0x28 / 0x65 / 0x29.
  CHECK(*septets == std::string("\x00"
                                "A"
                                " "
                                "a"
                                "\x1b\x28"
                                "\x1b\x65"
                                "\x1b\x29"
                                "\n",
                                11));
  CHECK(decodeGsm7(*septets) == "@A a{€}\n");
  // Every character of the basic table and the extension table survives the round trip.
  const std::string all =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
      "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
      "\f^{}\\[~]|€";
  auto encoded = encodeGsm7(all);
  REQUIRE(encoded);
  CHECK(encoded->size() == 127 + 2 * 10);
  CHECK(decodeGsm7(*encoded) == all);
  CHECK_FALSE(encodeGsm7("Привет"));
  CHECK_FALSE(encodeGsm7("\xff"));
  // Latin-1 characters outside the alphabet are refused, those in it land on their septet.
  CHECK_FALSE(encodeGsm7("ÿ"));
  CHECK_FALSE(encodeGsm7("©"));
  CHECK_FALSE(encodeGsm7("`"));
  CHECK(*encodeGsm7("ÆÄà¡") == "\x1c\x5b\x7f\x40");
  // An escape before a septet the extension table lacks reads as the basic character.
  CHECK(decodeGsm7(std::string("\x1b"
                               "A",
                               2)) == "A");
}

TEST_CASE("UCS-2 is UTF-16BE with surrogate pairs, and broken input decodes to U+FFFD",
          "[sms_text]") {
  const auto bytes = encodeUcs2("Жы" + kEmoji);
  REQUIRE(bytes);
  CHECK(*bytes == std::string("\x04\x16\x04\x4b\xd8\x3d\xde\x00", 8));
  CHECK(decodeUcs2(*bytes) == "Жы" + kEmoji);
  const std::string persian = "سلام";
  CHECK(decodeUcs2(*encodeUcs2(persian)) == persian);
  CHECK(decodeUcs2(std::string("\x04\x16\x04", 3)) == "Ж\xef\xbf\xbd");  // odd length
  CHECK(decodeUcs2(std::string("\xd8\x3d\x00\x41", 4)) ==
        "\xef\xbf\xbd"
        "A");                           // lone high
  CHECK_FALSE(encodeUcs2("\xc0\xaf"));  // overlong UTF-8
}
