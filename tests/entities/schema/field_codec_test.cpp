// Entity field values: what each type accepts, how it is stored and shown, and the errors.

#include <catch2/catch.hpp>

#include <cstdint>

#include "schema/calendar.h"
#include "schema/field_codec.h"

using namespace pigeon;
using entity::FieldInput;
using sdk::entity::Field;

namespace {

// A stand-in for libphonenumber: digits after a '+' only.
std::optional<std::string> plusDigits(const std::string& s) {
  if (s.size() < 8 || s[0] != '+') return std::nullopt;
  for (std::size_t i = 1; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  return s;
}

std::string storeError(const Field& f, const FieldInput& in) {
  db::Value out;
  return entity::toStored(f, in, plusDigits, out);
}

db::Value stored(const Field& f, const FieldInput& in) {
  db::Value out;
  const auto problem = entity::toStored(f, in, plusDigits, out);
  INFO(problem);
  REQUIRE(problem.empty());
  return out;
}

}  // namespace

TEST_CASE("dates are real calendar days and instants are ISO 8601", "[entities]") {
  CHECK(entity::parseDate("1970-01-01") == 0);
  CHECK(entity::parseDate("2024-02-29") == 19782);
  CHECK_FALSE(entity::parseDate("2023-02-29"));
  CHECK_FALSE(entity::parseDate("2026-13-01"));
  CHECK_FALSE(entity::parseDate("2026-1-01"));
  CHECK_FALSE(entity::parseDate("26-01-01xx"));
  CHECK(entity::formatDate(19782) == "2024-02-29");
  CHECK(entity::formatDate(-1) == "1969-12-31");

  CHECK(entity::parseDateTime("2026-12-04T09:30:00Z") == 1796376600000);
  CHECK(entity::parseDateTime("2026-12-04T12:30:00+03:00") == 1796376600000);
  CHECK(entity::parseDateTime("2026-12-04T12:30+0300") == 1796376600000);
  CHECK(entity::parseDateTime("2026-12-04 09:30:00.250") == 1796376600250);
  CHECK(entity::parseDateTime("2026-12-04") == 1796342400000);
  CHECK_FALSE(entity::parseDateTime("2026-12-04T24:00:00Z"));
  CHECK_FALSE(entity::parseDateTime("2026-12-04T09:30:00 UTC"));
  CHECK_FALSE(entity::parseDateTime("2026-12-04T09:30:00."));
  CHECK(entity::formatDateTime(1796376600000) == "2026-12-04T09:30:00Z");
  CHECK(entity::formatDateTime(1796376600250) == "2026-12-04T09:30:00.250Z");
  CHECK(entity::formatDateTime(-1) == "1969-12-31T23:59:59.999Z");
}

TEST_CASE("money is exact to four places", "[entities]") {
  CHECK(entity::parseMoney("12.5") == 125000);
  CHECK(entity::parseMoney("-0.0125") == -125);
  CHECK(entity::parseMoney("+3") == 30000);
  CHECK(entity::parseMoney(".5") == 5000);
  CHECK_FALSE(entity::parseMoney("1.23456"));
  CHECK_FALSE(entity::parseMoney("1,5"));
  CHECK_FALSE(entity::parseMoney(""));
  CHECK_FALSE(entity::parseMoney("."));
  CHECK_FALSE(entity::parseMoney("99999999999999999999"));
  CHECK(entity::formatMoney(125000) == "12.50");
  CHECK(entity::formatMoney(-125) == "-0.0125");
  CHECK(entity::formatMoney(0) == "0.00");
  // 0.1 + 0.2 as a double still stores 0.3 exactly.
  const auto debt = Field::money("debt", "Debt");
  CHECK(db::asInt(stored(debt, 0.1 + 0.2)) == 3000);
  CHECK(std::get<std::string>(entity::toShown(debt, stored(debt, std::string("1234.5")))) ==
        "1234.50");
}

TEST_CASE("each field type takes its own values and names what is wrong", "[entities]") {
  const auto name = Field::string("name", "Name").maxChars(5);
  CHECK(db::asString(stored(name, std::string("Анна"))) == "Анна");  // characters, not bytes
  CHECK(storeError(name, std::string("Annabel")) == "longer than 5 characters");
  CHECK(storeError(name, std::int64_t{5}) == "expected text, got 5");

  const auto phone = Field::phone("phone", "Phone");
  CHECK(db::asString(stored(phone, std::string("+79123456789"))) == "+79123456789");
  CHECK(storeError(phone, std::string("call me")) == "not a phone number: 'call me'");

  const auto count = Field::integer("count", "Count");
  CHECK(db::asInt(stored(count, std::string("42"))) == 42);
  CHECK(db::asInt(stored(count, 42.0)) == 42);
  CHECK(storeError(count, 4.5) == "not a whole number: 4.5");
  CHECK(storeError(count, std::string("4x")) == "not a whole number: '4x'");

  const auto ratio = Field::decimal("ratio", "Ratio");
  CHECK(db::asDouble(stored(ratio, std::string("0.25"))) == 0.25);
  CHECK(storeError(ratio, true) == "not a number: true");

  const auto born = Field::date("born", "Born");
  CHECK(storeError(born, std::string("2026-02-30")) == "not a date (YYYY-MM-DD): '2026-02-30'");

  const auto at = Field::dateTime("at", "At");
  CHECK(db::asInt(stored(at, std::string("1970-01-01T00:00:01Z"))) == 1000);
  CHECK(std::get<std::string>(entity::toShown(at, std::int64_t{1000})) == "1970-01-01T00:00:01Z");
  CHECK(storeError(at, std::string("tomorrow")) == "not an ISO 8601 date and time: 'tomorrow'");
  CHECK(storeError(at, std::int64_t{INT64_MIN}) == "not between the years 0001 and 9999");
  CHECK(storeError(at, std::string("10000-01-01")) ==
        "not an ISO 8601 date and time: '10000-01-01'");

  const auto active = Field::boolean("active", "Active");
  CHECK(db::asInt(stored(active, std::string("yes"))) == 1);
  CHECK(db::asInt(stored(active, false)) == 0);
  CHECK(std::get<bool>(entity::toShown(active, std::int64_t{1})));
  CHECK(storeError(active, std::string("maybe")) == "not true or false: 'maybe'");

  const auto status = Field::oneOf("status", {"open", "closed"}, "Status");
  CHECK(db::asString(stored(status, std::string("open"))) == "open");
  CHECK(storeError(status, std::string("Open")) == "not one of open, closed: 'Open'");

  const auto account = Field::reference("account", "account", "Account");
  CHECK(db::asInt(stored(account, std::int64_t{7})) == 7);
  CHECK(storeError(account, std::int64_t{0}) == "not the id of a account: 0");

  // Null clears any type; whether it may is the caller's rule.
  CHECK(db::isNull(stored(status, std::monostate{})));
  CHECK(std::holds_alternative<std::monostate>(entity::toShown(status, db::Value{})));
}
