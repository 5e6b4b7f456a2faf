// Values as templates write them, per locale.

#include <catch2/catch.hpp>

#include "templates/locale_format.h"
#include "templates/template_engine.h"

using namespace pigeon;
using host::findLocale;
using host::formatValue;
using sdk::entity::Field;

TEST_CASE("amounts, dates and times follow the template's locale", "[templates]") {
  const auto money = Field::money("debt", "Debt");
  const auto day = Field::date("end", "End");
  const auto at = Field::dateTime("at", "At");
  const auto flag = Field::boolean("ok", "OK");
  const auto ratio = Field::decimal("ratio", "Ratio");
  struct Case {
    const char* locale;
    const char* money;
    const char* date;
    const char* dateTime;
    const char* yes;
  };
  const Case cases[] = {
      {"en", "1,234,567.50", "31 Jan 2027", "10 Dec 2026 09:30", "yes"},
      {"en-us", "1,234,567.50", "01/31/2027", "12/10/2026 09:30", "yes"},
      {"ru", "1\u00A0234\u00A0567,50", "31.01.2027", "10.12.2026 09:30", "да"},
      {"de", "1.234.567,50", "31.01.2027", "10.12.2026 09:30", "ja"},
      {"fa", "۱٬۲۳۴٬۵۶۷٫۵۰", "۲۰۲۷/۰۱/۳۱", "۲۰۲۶/۱۲/۱۰ ۰۹:۳۰", "بله"},
      {"iso", "1234567.50", "2027-01-31", "2026-12-10 09:30", "true"},
  };
  for (const auto& c : cases) {
    INFO(c.locale);
    const auto* style = findLocale(c.locale);
    REQUIRE(style);
    CHECK(formatValue(money, std::int64_t{12345675000}, *style, 0) == c.money);
    CHECK(formatValue(day, std::string("2027-01-31"), *style, 0) == c.date);
    // 06:30 UTC at +03:00.
    CHECK(formatValue(at, std::int64_t{1796884200000}, *style, 180) == c.dateTime);
    CHECK(formatValue(flag, std::int64_t{1}, *style, 0) == c.yes);
  }
  const auto* en = findLocale("en");
  CHECK(formatValue(money, std::int64_t{-125}, *en, 0) == "-0.0125");
  CHECK(formatValue(ratio, 0.25, *en, 0) == "0.25");
  CHECK(formatValue(ratio, 3.0, *en, 0) == "3");
  CHECK(formatValue(money, db::Value{}, *en, 0).empty());
  CHECK_FALSE(findLocale("xx"));
}

TEST_CASE("template tags are read as mustache writes them", "[templates]") {
  auto tags = host::scanTags(
      "Hi {{contact.first_name}}{{! note }}{{#account.debt}}, owe "
      "{{{account.debt}}}{{/account.debt}} {{& contact.city }}");
  REQUIRE(tags.size() == 5);
  CHECK(tags[0].name == "contact.first_name");
  CHECK(tags[1].kind == '#');
  CHECK(tags[2].name == "account.debt");
  CHECK(tags[3].kind == '/');
  CHECK(tags[4].name == "contact.city");
  CHECK_THROWS_WITH(host::scanTags("Hi {{contact.first_name"),
                    "a tag opened at character 4 is never closed");
  CHECK_THROWS_WITH(host::scanTags("{{> footer}}"), "partials ({{>footer}}) are not supported");
  CHECK_THROWS_WITH(host::scanTags("{{=<% %>=}}"), "changing the tag delimiters is not supported");
}
