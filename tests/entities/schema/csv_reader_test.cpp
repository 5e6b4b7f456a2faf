// CSV as spreadsheets and CRMs write it: quotes, line breaks in cells, CRLF, a BOM, other
// delimiters; and what is wrong with a malformed record, by line.

#include <catch2/catch.hpp>

#include "schema/csv_reader.h"

using namespace pigeon;
using entity::CsvReader;
using entity::CsvRecord;

namespace {

std::vector<std::vector<std::string>> readAll(CsvReader& reader) {
  std::vector<std::vector<std::string>> out;
  CsvRecord r;
  while (reader.next(r)) out.push_back(r.cells);
  return out;
}

}  // namespace

TEST_CASE("CSV cells may be quoted, hold delimiters, quotes and line breaks", "[csv]") {
  CsvReader reader(
      "\xEF\xBB\xBFname,note\r\n"
      "\"Petrova, Anna\",\"said \"\"hi\"\"\"\r\n"
      "\r\n"
      "Boris,\"two\nlines\"\n"
      "Vera,\n"
      ",");
  CHECK(reader.delimiter() == ',');
  CsvRecord r;
  REQUIRE(reader.next(r));
  CHECK(r.cells == std::vector<std::string>{"name", "note"});  // the BOM is not in the name
  REQUIRE(reader.next(r));
  CHECK(r.line == 2);
  CHECK(r.cells == std::vector<std::string>{"Petrova, Anna", "said \"hi\""});
  REQUIRE(reader.next(r));
  CHECK(r.line == 4);  // the blank line 3 is skipped
  CHECK(r.cells == std::vector<std::string>{"Boris", "two\nlines"});
  REQUIRE(reader.next(r));
  CHECK(r.line == 6);
  CHECK(r.cells == std::vector<std::string>{"Vera", ""});
  REQUIRE(reader.next(r));
  CHECK(r.cells == std::vector<std::string>{"", ""});
  CHECK_FALSE(reader.next(r));
  CHECK(reader.error().empty());
  CHECK(reader.position() == reader.size());
}

TEST_CASE("the delimiter is guessed from the header line", "[csv]") {
  CsvReader semicolons("name;\"a,b\";city\nAnna;x;Perm\n");
  CHECK(semicolons.delimiter() == ';');
  const auto rows = readAll(semicolons);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1] == std::vector<std::string>{"Anna", "x", "Perm"});
  CsvReader tabs("name\tcity\nAnna\tPerm\n");
  CHECK(tabs.delimiter() == '\t');
  CsvReader single("name\nAnna\n");
  CHECK(single.delimiter() == ',');
  CsvReader given("a;b,c\n", ',');
  const auto givenRows = readAll(given);
  REQUIRE(givenRows.size() == 1);
  CHECK(givenRows[0] == std::vector<std::string>{"a;b", "c"});
}

TEST_CASE("a malformed record names its line and reading goes on after it", "[csv]") {
  CsvReader reader("name,note\nAn\"na,x\nBoris,\"ok\"x\nVera,fine\nGleb,\"never closed\n");
  CsvRecord r;
  REQUIRE(reader.next(r));
  CHECK_FALSE(reader.next(r));
  CHECK(reader.errorLine() == 2);
  CHECK(reader.error() ==
        "a quote inside an unquoted cell (quote the whole cell and double the quote)");
  CHECK_FALSE(reader.next(r));
  CHECK(reader.errorLine() == 3);
  CHECK(reader.error() == "text after a closing quote");
  REQUIRE(reader.next(r));
  CHECK(r.line == 4);
  CHECK(r.cells == std::vector<std::string>{"Vera", "fine"});
  CHECK_FALSE(reader.next(r));
  CHECK(reader.errorLine() == 5);
  CHECK(reader.error() == "a quoted cell is never closed");
  CHECK_FALSE(reader.next(r));
  CHECK(reader.error().empty());
}

TEST_CASE("text that is not UTF-8 is found at its first bad byte", "[csv]") {
  CHECK_FALSE(entity::firstInvalidUtf8("Анна, Perm, سلام, 😀"));
  CHECK(entity::firstInvalidUtf8("ab\xC0\x80") == 2);              // overlong
  CHECK(entity::firstInvalidUtf8("\xED\xA0\x80") == 0);            // a surrogate
  CHECK(entity::firstInvalidUtf8("name\n\xCF\xE5\xF2\xF0") == 5);  // Windows-1251 "Петр"
  CHECK(entity::firstInvalidUtf8("\xE2\x82") == 0);                // cut short
  CHECK(entity::firstInvalidUtf8("\xF4\x90\x80\x80") == 0);        // beyond U+10FFFF
}
