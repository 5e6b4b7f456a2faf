// CSV import over HTTP: good rows stored, bad ones reported by line and column, upserts by
// the CRM's id, and files refused whole when their header or encoding is wrong.

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

#include "support/http_client.h"
#include "support/test_host.h"

using namespace pigeon;
using test::HttpClient;
using test::TestHost;

namespace {

// Starts an import and waits for it to end; returns its last progress.
Poco::JSON::Object::Ptr importAndWait(HttpClient& client, const std::string& path,
                                      const std::string& csv) {
  auto started = client.post(path, csv);
  INFO(started.body);
  REQUIRE(started.status == 202);
  const auto id = started.json()->getValue<std::string>("id");
  Poco::JSON::Object::Ptr progress;
  test::eventually([&] {
    progress = client.get(path.substr(0, path.find('?')) + "/" + id).json();
    return progress->getValue<std::string>("state") != "running";
  });
  return progress;
}

std::vector<std::string> errorsOf(const Poco::JSON::Object::Ptr& progress) {
  std::vector<std::string> out;
  const auto errors = progress->getArray("errors");
  for (const auto& e : *errors) {
    auto o = e.extract<Poco::JSON::Object::Ptr>();
    const auto column = o->get("column");
    out.push_back(std::to_string(o->getValue<int>("line")) + " " +
                  (column.isEmpty() ? std::string("-") : column.toString()) + ": " +
                  o->getValue<std::string>("message"));
  }
  return out;
}

}  // namespace

TEST_CASE("a CSV import stores the good rows and reports each bad one", "[api][entities]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend);
  auto admin = h.adminClient();
  REQUIRE(admin.post("/api/v1/entities/account", R"({"external_id":"A-1","name":"Acme"})").status ==
          201);
  const std::string csv =
      "\xEF\xBB\xBF"
      "external_id;first_name;last_name;phone;birth_date;account.external_id\r\n"
      "C-1;Анна;\"Petrova; Jr\";+79123456789;1990-05-01;A-1\r\n"
      "C-2;Boris;Ivanov;not a number;1990-02-30;A-1\r\n"
      "C-3;Vera;Orlova;;;A-404\r\n"
      "C-4;;Nameless;;;\r\n"
      "C-5;Gleb\r\n"
      "C-6;Dana;\"broken;;;\r\n";
  auto progress = importAndWait(admin, "/api/v1/entities/contact/import", csv);
  CHECK(progress->getValue<std::string>("state") == "done");
  CHECK(progress->getValue<int>("rows") == 6);
  CHECK(progress->getValue<int>("created") == 1);
  CHECK(progress->getValue<int>("failed") == 5);  // rows; line 3 has two errors
  CHECK(progress->getValue<std::size_t>("bytes_read") == csv.size());
  CHECK(errorsOf(progress) == std::vector<std::string>{
                                  "3 phone: not a phone number: 'not a number'",
                                  "3 birth_date: not a date (YYYY-MM-DD): '1990-02-30'",
                                  "4 account.external_id: no account with external_id 'A-404'",
                                  "5 first_name: field 'first_name' is required for a new contact",
                                  "6 -: the row has 2 cells; the header has 6",
                                  "7 -: a quoted cell is never closed",
                              });
  auto stored = admin.get("/api/v1/entities/contact").json()->getArray("items");
  REQUIRE(stored->size() == 1);
  auto anna = stored->getObject(0);
  CHECK(anna->getValue<std::string>("last_name") == "Petrova; Jr");
  CHECK(anna->getValue<std::string>("first_name") == "Анна");
  CHECK(anna->getValue<int>("account") == 1);

  // Again, as an upsert: C-1 changes (its empty cells keep their values), C-9 is new, and a
  // later line about the same id wins.
  progress = importAndWait(admin, "/api/v1/entities/contact/import",
                           "external_id,first_name,city\n"
                           "C-1,,Perm\n"
                           "C-9,Zoya,Kazan\n"
                           "C-9,,Samara\n");
  CHECK(progress->getValue<int>("created") == 1);
  CHECK(progress->getValue<int>("updated") == 2);
  CHECK(progress->getValue<int>("failed") == 0);
  auto c1 = admin.get("/api/v1/entities/contact?city=Perm").json()->getArray("items");
  REQUIRE(c1->size() == 1);
  CHECK(c1->getObject(0)->getValue<std::string>("first_name") == "Анна");
  CHECK(admin.get("/api/v1/entities/contact?city=Samara").json()->getArray("items")->size() == 1);

  // In insert mode an id that exists is that row's error.
  progress = importAndWait(admin, "/api/v1/entities/contact/import?mode=insert",
                           "external_id,first_name\nC-1,Again\nC-10,New\nC-10,Twice\n");
  CHECK(progress->getValue<int>("created") == 1);
  CHECK(errorsOf(progress) == std::vector<std::string>{
                                  "2 external_id: a contact with external_id 'C-1' exists",
                                  "4 external_id: external_id 'C-10' is on line 3 already",
                              });
}

TEST_CASE("an import of several batches stores every row and counts them", "[api][entities]") {
  TestHost h;
  auto admin = h.adminClient();
  std::string csv = "external_id,first_name,city\n";
  const int rows = 12001;  // three batches, the last of one row
  for (int i = 0; i < rows; ++i)
    csv += "C-" + std::to_string(i) + ",Name" + std::to_string(i) +
           (i == 7000 ? ",\"x\"y\n" : ",Perm\n");
  auto progress = importAndWait(admin, "/api/v1/entities/contact/import", csv);
  CHECK(progress->getValue<std::string>("state") == "done");
  CHECK(progress->getValue<int>("rows") == rows);
  CHECK(progress->getValue<int>("created") == rows - 1);
  CHECK(errorsOf(progress) == std::vector<std::string>{"7002 -: text after a closing quote"});
  // Ids follow the file: the last row is the 12 000th stored.
  auto last = admin.get("/api/v1/entities/contact?city=Perm&after=11999").json()->getArray("items");
  REQUIRE(last->size() == 1);
  CHECK(last->getObject(0)->getValue<std::string>("external_id") == "C-12000");
}

TEST_CASE("a file with a bad header or encoding is refused whole", "[api][entities]") {
  TestHost h;
  auto admin = h.adminClient();
  struct Case {
    std::string csv;
    std::string query;
    const char* message;
  };
  const Case cases[] = {
      {"first_name,nickname\nAnna,A\n", "",
       "column 2 'nickname': type 'contact' has no field 'nickname'"},
      {"first_name,first_name\n", "",
       "column 2 'first_name': another column sets 'first_name' already"},
      {"first_name,city.external_id\n", "",
       "column 2 'city.external_id': 'city' is not a reference"},
      {"last_name\nPetrova\n", "?mode=insert",
       "the file has no column for the required field 'first_name'"},
      {"first_name\n\xCF\xE5\xF2\xF0\n", "",
       "line 2: the file is not UTF-8 (byte 12); save it as UTF-8 and import it again"},
      {"", "", "the file is empty: it needs a header line naming fields"},
      {"\"first_name\n", "", "line 1: a quoted cell is never closed"},
  };
  for (const auto& c : cases) {
    INFO(c.csv);
    auto r = admin.post("/api/v1/entities/contact/import" + c.query, c.csv);
    CHECK(r.status == 422);
    CHECK(r.json()->getObject("error")->getValue<std::string>("message") == c.message);
  }
  CHECK(admin.post("/api/v1/entities/contact/import?mode=merge", "first_name\n").status == 400);
  CHECK(admin.post("/api/v1/entities/contact/import?delimiter=x", "first_name\n").status == 400);
  CHECK(admin.get("/api/v1/entities/contact/import/99").status == 404);
  CHECK(admin.get("/api/v1/entities/contact").json()->getArray("items")->size() == 0);

  auto op = h.userClient("op", "operator");
  CHECK(op.post("/api/v1/entities/contact/import", "first_name\nAnna\n").status == 403);
}
