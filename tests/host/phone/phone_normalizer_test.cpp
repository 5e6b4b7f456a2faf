#include "phone/phone_normalizer.h"

#include <cstddef>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

using pigeon::phone::PhoneNormalizer;

TEST_CASE("national and international forms normalize to E.164", "[phone]") {
  const PhoneNormalizer normalizer("RU");
  const char* inputs[] = {"89123456789", "+7 912 345-67-89", "8 (912) 345 67 89", "+79123456789"};
  for (const char* input : inputs) {
    INFO(input);
    const auto result = normalizer.normalize(input);
    CHECK(result.ok);
    CHECK(result.e164 == "+79123456789");
    CHECK(result.reason.empty());
  }

  const auto iran = normalizer.normalize("+98 912 345 6789");
  CHECK(iran.ok);
  CHECK(iran.e164 == "+989123456789");
}

TEST_CASE("region is upper-cased", "[phone]") {
  const PhoneNormalizer normalizer("ru");
  CHECK(normalizer.defaultRegion() == "RU");
  CHECK(normalizer.normalize("89123456789").e164 == "+79123456789");
}

TEST_CASE("the default region decides national numbers", "[phone]") {
  const PhoneNormalizer normalizer("GB");
  const auto result = normalizer.normalize("020 7946 0958");
  CHECK(result.ok);
  CHECK(result.e164 == "+442079460958");
}

TEST_CASE("rejections say why", "[phone]") {
  const PhoneNormalizer normalizer("RU");
  struct Row {
    const char* input;
    const char* reason;
  };
  const Row rows[] = {
      {"", "'' is not a valid phone number: empty"},
      {"   ", "'   ' is not a valid phone number: empty"},
      {"hello", "'hello' is not a valid phone number: not a number"},
      {"+999 123456", "'+999 123456' is not a valid phone number: invalid country code"},
      {"+7912", "'+7912' is not a valid phone number: too short"},
      {"12345", "'12345' is not a valid phone number: too short"},
      {"+7 912 345 67 89 12345678901",
       "'+7 912 345 67 89 12345678901' is not a valid phone number: too long"},
      {"+7 012 345 67 89",
       "'+7 012 345 67 89' is not a valid phone number: not a valid number for region RU"},
  };
  for (const auto& row : rows) {
    INFO(row.input);
    const auto result = normalizer.normalize(row.input);
    CHECK_FALSE(result.ok);
    CHECK(result.e164.empty());
    CHECK(result.reason == row.reason);
  }
}

TEST_CASE("unknown regions are refused up front", "[phone]") {
  CHECK_THROWS_AS(PhoneNormalizer("XX"), std::invalid_argument);
  CHECK_THROWS_WITH(PhoneNormalizer("xx"), Catch::Contains("'XX'"));
  CHECK_THROWS_AS(PhoneNormalizer(""), std::invalid_argument);
}

TEST_CASE("one normalizer serves several threads", "[phone]") {
  const PhoneNormalizer normalizer("RU");
  std::vector<int> okCounts(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < okCounts.size(); ++t) {
    threads.emplace_back([&normalizer, &okCounts, t] {
      for (int i = 0; i < 200; ++i) {
        const auto result = normalizer.normalize("8 (912) 345 67 89");
        if (result.ok && result.e164 == "+79123456789") ++okCounts[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int count : okCounts) CHECK(count == 200);
}
