// The Entities pages: types, rows browsed, searched by name or phone and opened, phones masked
// without view_personal_data; a CSV file imported from the page with its progress and every
// bad row by line and column; a large file only from a signed-in user with the right.

#include <catch2/catch.hpp>

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include "support/site_client.h"
#include "support/test_host.h"

using namespace pigeon;
using test::SiteClient;
using test::SitePage;
using test::TestHost;

namespace {

std::string createContact(test::HttpClient& admin, const std::string& body) {
  auto created = admin.post("/api/v1/entities/contact", body);
  REQUIRE(created.status == 201);
  return std::to_string(created.json()->getValue<std::int64_t>("id"));
}

// The import page's progress once it says it has finished.
SitePage finishedImport(SiteClient& site, const std::string& importPath) {
  SitePage progress;
  const bool finished = test::eventually([&] {
    progress = site.get(importPath + "/progress");
    return progress.contains("data-finished");
  });
  INFO(progress.body);
  REQUIRE(finished);
  return progress;
}

// The status line of a POST whose head declares `length` body bytes, none of them sent.
std::string statusOfDeclaredUpload(int port, std::size_t length, const std::string& cookie) {
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
  const auto head =
      "POST /entities/contact/import HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: " +
      std::to_string(length) + "\r\n" +
      (cookie.empty() ? "" : "Cookie: pigeon_session=" + cookie + "\r\n") + "\r\n";
  socket.sendBytes(head.data(), static_cast<int>(head.size()));
  socket.setReceiveTimeout(Poco::Timespan(5, 0));
  char buffer[256] = {};
  const int n = socket.receiveBytes(buffer, sizeof(buffer) - 1);
  const std::string answer(buffer, n > 0 ? n : 0);
  return answer.substr(0, answer.find("\r\n"));
}

}  // namespace

TEST_CASE("the Entities pages list types, browse, search and open rows", "[web][entities]") {
  TestHost h;
  auto admin = h.adminClient();
  auto account = admin.post("/api/v1/entities/account", R"({"name":"Acme","debt":"12.50"})");
  REQUIRE(account.status == 201);
  const auto accountId = std::to_string(account.json()->getValue<std::int64_t>("id"));
  const auto anna =
      createContact(admin, R"({"first_name":"Anna","last_name":"Ivanova","phone":"+79123456789",)"
                           R"("city":"Kazan","account":)" +
                               accountId + "}");
  createContact(admin, R"({"first_name":"Boris","last_name":"Petrov","phone":"+79123450000"})");
  SiteClient site(h.port());
  REQUIRE(site.signIn("admin", test::kAdminPassword).status == 303);

  auto types = site.get("/entities");
  REQUIRE(types.status == 200);
  CHECK(types.contains("<a href=\"/entities/contact\">"));
  CHECK(types.contains("data-type=\"appointment\""));

  auto rows = site.get("/entities/contact");
  REQUIRE(rows.status == 200);
  CHECK(rows.contains("data-entity=\"" + anna + "\""));
  CHECK(rows.contains(">Boris<"));
  CHECK(rows.contains("+79123456789"));
  CHECK(rows.contains("<a href=\"/entities/account/" + accountId + "\">"));
  CHECK(rows.contains("enctype=\"multipart/form-data\""));  // admin may import
  CHECK_FALSE(rows.contains("those matching"));

  auto byName = site.get("/entities/contact?q=Iva");
  CHECK(byName.contains("The start of the Last name, or a phone number."));
  CHECK(byName.contains(">Anna<"));
  CHECK_FALSE(byName.contains(">Boris<"));
  auto byPhone = site.get("/entities/contact?q=%2B7%20912%20345-00-00");
  CHECK(byPhone.contains(">Boris<"));
  CHECK_FALSE(byPhone.contains(">Anna<"));
  CHECK(site.get("/entities/contact?q=Zed").contains("No rows match “Zed”."));

  auto row = site.get("/entities/contact/" + anna);
  REQUIRE(row.status == 200);
  CHECK(row.contains("<dt>City</dt><dd>Kazan</dd>"));
  CHECK(site.get("/entities/account/" + accountId).contains("12.50"));
  CHECK(site.get("/entities/contact/999999").status == 404);
  CHECK(site.get("/entities/starship").status == 404);

  // Without view_personal_data the number is masked; without manage_entities no import form.
  h.userWithRights("viewer", {"view_single"});
  SiteClient viewer(h.port());
  REQUIRE(viewer.signIn("viewer", "viewer-password").status == 303);
  auto masked = viewer.get("/entities/contact");
  CHECK(masked.contains("+7912*****89"));
  CHECK_FALSE(masked.contains("+79123456789"));
  CHECK_FALSE(masked.contains("enctype=\"multipart/form-data\""));
  CHECK_FALSE(viewer.get("/entities/contact?q=%2B79123456789").contains(">Anna<"));
  CHECK(
      viewer.postFile("/entities/contact/import", {}, "file", "c.csv", "first_name\nX\n").status ==
      403);
}

TEST_CASE("a CSV file imported on the Entities page reports its progress and every bad row",
          "[web][entities]") {
  TestHost h;
  SiteClient site(h.port());
  REQUIRE(site.signIn("admin", test::kAdminPassword).status == 303);
  site.get("/entities/contact");

  const std::string csv =
      "\xEF\xBB\xBF"
      "external_id;first_name;phone;city\n"
      "c-1;Anna;+79123456789;Kazan\n"
      "c-2;Boris;not a phone;Moscow\n"
      "c-3;;+79123450000;Omsk\n"
      "c-4;Vera;+79123457777;\"Nizhny; Novgorod\"\n";
  auto started =
      site.postFile("/entities/contact/import", {{"mode", "upsert"}}, "file", "contacts.csv", csv);
  INFO(started.body);
  REQUIRE(started.status == 303);
  REQUIRE(started.location.rfind("/entities/contact/imports/", 0) == 0);
  auto progress = finishedImport(site, started.location);
  CHECK(progress.contains("4: 2 created, 0 changed, 2 failed"));
  CHECK(
      progress.contains("<tr data-line=\"3\"><td data-label=\"Line\">3</td><td "
                        "data-label=\"Column\">phone</td>"));
  CHECK(
      progress.contains("<tr data-line=\"4\"><td data-label=\"Line\">4</td><td "
                        "data-label=\"Column\">first_name</td>"));
  CHECK(progress.contains("value=\"100\""));
  auto page = site.get(started.location);
  CHECK(page.status == 200);
  CHECK(page.contains("data-poll=\"" + started.location + "/progress\""));
  auto rows = site.get("/entities/contact");
  CHECK(rows.contains("Nizhny; Novgorod"));
  CHECK(rows.contains("data-import=\""));

  // Refused files name the problem on the page, and store nothing.
  auto badHeader = site.postFile("/entities/contact/import", {}, "file", "wrong.csv",
                                 "first_name,phone,nme\nX,+79123450001,Y\n");
  CHECK(badHeader.status == 422);
  CHECK(badHeader.contains("wrong.csv: "));
  CHECK(badHeader.contains("nme"));
  auto notUtf8 =
      site.postFile("/entities/contact/import", {}, "file", "latin1.csv", "first_name\nJos\xE9\n");
  CHECK(notUtf8.status == 422);
  CHECK(notUtf8.contains("not UTF-8"));
  CHECK(site.postFile("/entities/contact/import", {}, "file", "empty.csv", "")
            .contains("Choose a CSV file to import"));
  CHECK(site.postFile("/entities/contact/import", {{"delimiter", "star"}}, "file", "c.csv",
                      "first_name\nX\n")
            .contains("&apos;delimiter&apos; must be comma, semicolon, tab or pipe"));
  rows = site.get("/entities/contact");
  CHECK_FALSE(rows.contains("+79123450001"));
  CHECK_FALSE(rows.contains(">Jos"));
  CHECK(site.get("/entities/contact/imports/999/progress").status == 404);
  CHECK(site.postFile("/entities/contact/import", {{"csrf", "forged"}}, "file", "c.csv",
                      "first_name\nX\n")
            .status == 403);
}

TEST_CASE("a file larger than a form is taken only from a signed-in user with the right",
          "[web][entities]") {
  TestHost h;
  SiteClient site(h.port());
  REQUIRE(site.signIn("admin", test::kAdminPassword).status == 303);
  site.get("/entities/contact");
  const auto cookie = site.cookie("pigeon_session");
  constexpr std::size_t kTwoMiB = 2u << 20;

  CHECK(statusOfDeclaredUpload(h.port(), kTwoMiB, "") == "HTTP/1.1 413 Payload Too Large");
  CHECK(statusOfDeclaredUpload(h.port(), kTwoMiB, "forged") == "HTTP/1.1 413 Payload Too Large");
  h.userWithRights("viewer", {"view_single"});
  SiteClient viewer(h.port());
  REQUIRE(viewer.signIn("viewer", "viewer-password").status == 303);
  CHECK(statusOfDeclaredUpload(h.port(), kTwoMiB, viewer.cookie("pigeon_session")) ==
        "HTTP/1.1 413 Payload Too Large");

  std::string csv = "first_name,city\n";
  for (int i = 0; csv.size() < kTwoMiB; ++i)
    csv += "Person" + std::to_string(i) + ",Some city with a longer name\n";
  auto started = site.postFile("/entities/contact/import", {}, "file", "big.csv", csv);
  INFO(started.body.substr(0, 500));
  REQUIRE(started.status == 303);
  auto progress = finishedImport(site, started.location);
  CHECK(progress.contains(" 0 changed, 0 failed"));
  CHECK(progress.contains("state-done"));
}
