// Keyword matching: words compared folded (case, look-alike scripts, digits), the first rule
// that matches wins, a rule for one number sees only texts sent to it, and what is left of
// the text reaches the handler.

#include <catch2/catch.hpp>

#include "keywords/rule_matcher.h"
#include "keywords/text_fold.h"

using namespace pigeon::host::keywords;

TEST_CASE("words fold across case, scripts and digits", "[keywords]") {
  CHECK(foldWord("STOP") == foldWord("stop"));
  CHECK(foldWord("ＳＴＯＰ") == foldWord("stop"));             // full-width
  CHECK(foldWord("\u0405\u0422\u041EP") == foldWord("stop"));  // Ѕ, Т, О in Cyrillic
  CHECK(foldWord("СТОП") == foldWord("стоп"));
  CHECK(foldWord("СТОП") != foldWord("stop"));  // another word, not a look-alike
  CHECK(foldWord("١") == "1");                  // Arabic-Indic digit
  CHECK(foldWord("۲") == "2");                  // Persian digit
  CHECK(foldWord("لغو") == foldWord("لـغو"));   // the tatweel only stretches
  CHECK(foldWord("كيك") == foldWord("کیک"));    // Arabic kaf and yeh, Persian forms
  CHECK(foldWord("Straße") == foldWord("STRASSE"));
  CHECK(foldWord("\xff\xfe") == "");  // invalid UTF-8 is dropped, not kept
}

TEST_CASE("text splits at white space and the rule's separators", "[keywords]") {
  auto words = splitWords("critical problem: forms,are  not\u00A0saved", " ,:");
  REQUIRE(words.size() == 6);
  CHECK(words[1].folded == "problem");
  CHECK(words[5].folded == "saved");
  CHECK(splitWords("", " ").empty());
  CHECK(splitWords(" ,:; ", " ,:;").empty());
  CHECK(trimSeparators(" ,hello: ", " ,:") == "hello");
}

TEST_CASE("the first matching rule wins and gets the rest of the text", "[keywords]") {
  RuleMatcher m({
      {{"balance"}, MatchMode::kFirstWord, "+15550001", " ,:?"},  // one number only
      {{"STOP", "stop all"}, MatchMode::kFirstWord, "", " ,:"},
      {{"problem"}, MatchMode::kAnyWord, "", " ,:"},
      {{"yes", "1"}, MatchMode::kFirstWord, "", " ,:"},
  });
  auto stop = m.match("Stop", "+15550002");
  REQUIRE(stop);
  CHECK(stop->index == 1);
  CHECK(stop->keyword == "STOP");
  CHECK(stop->rest.empty());

  auto phrase = m.match("stop ALL, please", "x");
  REQUIRE(phrase);
  CHECK(phrase->keyword == "STOP");  // the first keyword of the rule that matches
  CHECK(phrase->rest == "ALL, please");

  auto problem = m.match("critical problem: forms are not saved", "x");
  REQUIRE(problem);
  CHECK(problem->index == 2);
  CHECK(problem->rest == "critical forms are not saved");
  CHECK(problem->restWords == std::vector<std::string>{"critical", "forms", "are", "not", "saved"});

  CHECK_FALSE(m.match("please stop", "x"));  // first_word: not the first word
  CHECK_FALSE(m.match("balance", "+15550002"));
  auto balance = m.match("BALANCE?", "1 (555) 0001");  // the same number written otherwise
  REQUIRE(balance);
  CHECK(balance->index == 0);
  auto digit = m.match("١", "x");
  REQUIRE(digit);
  CHECK(digit->keyword == "1");
  CHECK_FALSE(m.match("", "x"));
}

TEST_CASE("a whole_text rule matches a text that is only its keyword", "[keywords]") {
  RuleMatcher m({{{"STOP", "stop all"}, MatchMode::kWholeText, "", " ,:.!"}});
  CHECK(m.match(" Stop! ", "x"));
  CHECK(m.match("stop all.", "x"));
  CHECK_FALSE(m.match("Stop by the office tomorrow?", "x"));
  CHECK_FALSE(m.match("please stop", "x"));
}

TEST_CASE("a catch-all matches every text, an empty one too", "[keywords]") {
  RuleMatcher m({{{"stop"}, MatchMode::kFirstWord, "", " "}, {{}, MatchMode::kAnyText, "", " "}});
  CHECK(m.match("stop", "x")->index == 0);
  auto any = m.match("  hello there ", "x");
  REQUIRE(any);
  CHECK(any->index == 1);
  CHECK(any->rest == "hello there");
  CHECK(m.match("", "x")->index == 1);
}

TEST_CASE("a ten-thousand-word text is matched whole", "[keywords]") {
  std::string text;
  for (int i = 0; i < 10000; ++i) text += "слово ";
  text += "problem";
  RuleMatcher m({{{"problem"}, MatchMode::kAnyWord, "", " "}});
  auto found = m.match(text, "x");
  REQUIRE(found);
  CHECK(found->restWords.size() == 10000);
}

TEST_CASE("numbers compare by their digits", "[keywords]") {
  CHECK(sameNumber("+7 916 123-45-67", "79161234567"));
  CHECK_FALSE(sameNumber("+79161234567", "+79161234568"));
  CHECK(sameNumber("MyShop", "MYSHOP"));
  CHECK_FALSE(sameNumber("MyShop", "+1555"));
}
