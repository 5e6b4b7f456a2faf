// Campaigns through the API, as a CRM runs them: a selection and a template, started, sent
// once to each number, with the rows that get nothing counted by reason; paused, resumed and
// cancelled mid-way; held back in quiet hours in each recipient's own time zone; and refused,
// naming the field, when the schedule or the content is wrong.

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

#include <chrono>
#include <set>
#include <thread>

#include "support/http_client.h"
#include "support/test_host.h"

using namespace pigeon;
using test::errorOf;
using test::HttpClient;
using test::TestHost;

namespace {

std::int64_t idOf(const test::HttpResult& r) {
  INFO(r.body);
  REQUIRE((r.status == 200 || r.status == 201));
  return r.json()->getValue<std::int64_t>("id");
}

void addContact(HttpClient& admin, const std::string& name, const std::string& phone,
                const std::string& city = "Kazan") {
  std::string body = R"({"first_name":")" + name + R"(","city":")" + city + "\"";
  if (!phone.empty()) body += R"(,"phone":")" + phone + "\"";
  idOf(admin.post("/api/v1/entities/contact", body + "}"));
}

void selectAll(HttpClient& admin) {
  idOf(admin.post("/api/v1/selections",
                  R"({"name":"everyone","entity_type":"contact","criteria":{}})"));
}

Poco::JSON::Object::Ptr campaign(HttpClient& admin, std::int64_t id) {
  auto r = admin.get("/api/v1/campaigns/" + std::to_string(id));
  INFO(r.body);
  REQUIRE(r.status == 200);
  return r.json();
}

std::string stateOf(HttpClient& admin, std::int64_t id) {
  return campaign(admin, id)->getValue<std::string>("state");
}

std::int64_t progressOf(HttpClient& admin, std::int64_t id, const std::string& member) {
  return campaign(admin, id)->getObject("progress")->getValue<std::int64_t>(member);
}

}  // namespace

TEST_CASE("a campaign texts each selected number once and counts whom it skipped, and why",
          "[campaigns]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend, {{"messages.max_parts", "2"}});
  auto admin = h.adminClient();
  addContact(admin, "Anna", "+79123450001");
  addContact(admin, "Boris", "+79123450002");
  addContact(admin, "Vera", "+79123450002", "Kazan");  // Boris's number: texted once
  addContact(admin, "Gleb", "");                       // no number
  addContact(admin, "Dina", "+79123450004");           // opted out
  addContact(admin, std::string(250, 'E'), "+79123450005", std::string(120, 'x'));  // too long
  REQUIRE(admin.post("/api/v1/opt-outs", R"({"phone":"+79123450004"})").status == 201);
  selectAll(admin);
  idOf(admin.post("/api/v1/templates",
                  R"({"name":"promo","entity_type":"contact",)"
                  R"("body":"Hello {{contact.first_name}}, 20% off in {{contact.city}} today!"})"));

  auto created =
      admin.post("/api/v1/campaigns", R"({"name":"spring","selection":"everyone",)"
                                      R"("template":"promo","quiet_hours":"none","start":true})");
  const auto id = idOf(created);
  CHECK(created.json()->getValue<std::string>("state") == "scheduled");
  REQUIRE(test::eventually([&] { return stateOf(admin, id) == "completed"; }, 20000));

  auto sent = test::taggedMessages(admin, "campaign");
  std::sort(sent.begin(), sent.end());
  REQUIRE(sent.size() == 2);
  CHECK(sent[0] == "+79123450001: Hello Anna, 20% off in Kazan today!");
  CHECK(sent[1].starts_with("+79123450002: Hello Boris, 20% off"));

  auto c = campaign(admin, id);
  CHECK_FALSE(c->isNull("started_at"));
  CHECK_FALSE(c->isNull("frozen_at"));
  CHECK_FALSE(c->isNull("finished_at"));
  CHECK(c->getValue<std::string>("last_error").ends_with(": no_phone"));  // the first such row
  auto zones = c->getArray("recipient_time_zones");
  REQUIRE(zones->size() == 1);
  CHECK(zones->getElement<std::string>(0) == "Europe/Moscow");
  auto p = c->getObject("progress");
  CHECK(p->getValue<int>("recipients") == 6);
  CHECK(p->getValue<int>("waiting") == 0);
  CHECK(p->getValue<int>("skipped") == 4);
  auto by = p->getObject("skipped_by");
  CHECK(by->getValue<int>("duplicate_number") == 1);
  CHECK(by->getValue<int>("no_phone") == 1);
  CHECK(by->getValue<int>("opted_out") == 1);
  CHECK(by->getValue<int>("too_long") == 1);
  CHECK(test::eventually([&] { return progressOf(admin, id, "delivered") == 2; }));
  CHECK(progressOf(admin, id, "percent") == 100);

  // A finished campaign is not started again, and the list shows it.
  CHECK(admin.post("/api/v1/campaigns/" + std::to_string(id) + "/start", "").status == 409);
  auto list = admin.get("/api/v1/campaigns").json()->getArray("campaigns");
  REQUIRE(list->size() == 1);
  CHECK(list->getObject(0)->getValue<std::string>("name") == "spring");
}

TEST_CASE("a campaign pauses at once, resumes where it stopped, and cancels", "[campaigns]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend);
  auto admin = h.adminClient();
  for (int i = 0; i < 12; ++i)
    addContact(admin, "C" + std::to_string(i), "+7912345" + std::to_string(1000 + i));
  selectAll(admin);
  const auto id = idOf(admin.post(
      "/api/v1/campaigns", R"({"name":"slow","selection":"everyone","text":"Sale!","rate":4,)"
                           R"("quiet_hours":null})"));
  CHECK(stateOf(admin, id) == "draft");
  CHECK(campaign(admin, id)->isNull("quiet_hours"));
  CHECK(test::taggedMessages(admin, "campaign").empty());  // a draft sends nothing
  const auto path = "/api/v1/campaigns/" + std::to_string(id);
  REQUIRE(admin.post(path + "/start", "").status == 200);
  REQUIRE(test::eventually([&] { return test::taggedMessages(admin, "campaign").size() >= 2; }));

  auto paused = admin.post(path + "/pause", "");
  REQUIRE(paused.status == 200);
  CHECK(paused.json()->getValue<std::string>("state") == "paused");
  const auto atPause = test::taggedMessages(admin, "campaign").size();
  CHECK(atPause < 12);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  CHECK(test::taggedMessages(admin, "campaign").size() == atPause);  // nothing more while paused
  CHECK(admin.post(path + "/pause", "").status == 409);

  REQUIRE(admin.post(path + "/resume", "").status == 200);
  REQUIRE(test::eventually([&] { return stateOf(admin, id) == "completed"; }, 20000));
  auto sent = test::taggedMessages(admin, "campaign");
  CHECK(sent.size() == 12);
  CHECK(std::set<std::string>(sent.begin(), sent.end()).size() == 12);  // nobody twice

  // Another, cancelled while it runs: what was not sent is skipped as cancelled.
  const auto second =
      idOf(admin.post("/api/v1/campaigns",
                      R"({"name":"stopped","selection":"everyone","text":"Last call","rate":2,)"
                      R"("quiet_hours":"none","start":true})"));
  const auto secondPath = "/api/v1/campaigns/" + std::to_string(second);
  REQUIRE(test::eventually([&] { return test::taggedMessages(admin, "campaign").size() > 12; }));
  auto cancelled = admin.post(secondPath + "/cancel", "");
  REQUIRE(cancelled.status == 200);
  CHECK(cancelled.json()->getValue<std::string>("state") == "cancelled");
  const auto atCancel = test::taggedMessages(admin, "campaign").size();
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  CHECK(test::taggedMessages(admin, "campaign").size() == atCancel);
  auto p = campaign(admin, second)->getObject("progress");
  CHECK(p->getObject("skipped_by")->getValue<std::size_t>("cancelled") == 12 - (atCancel - 12));
  CHECK(admin.post(secondPath + "/resume", "").status == 409);
  CHECK(admin.request("DELETE", secondPath).status == 204);
  CHECK(admin.get(secondPath).status == 404);
}

TEST_CASE("quiet hours hold recipients back in their own time zone", "[campaigns]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend);
  auto admin = h.adminClient();
  addContact(admin, "Moscow", "+79123450001");
  addContact(admin, "Moscow too", "+79123450002");
  addContact(admin, "New York", "+12125550123");
  selectAll(admin);
  // Quiet from an hour ago until two hours from now in Moscow (UTC+3 all year): New York is
  // eight hours behind, well clear of them.
  const auto utcMinute = static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(
                                              std::chrono::system_clock::now().time_since_epoch())
                                              .count() %
                                          1440);
  const auto moscow = utcMinute + 180;
  const auto quiet = test::clockAt(moscow - 60) + "-" + test::clockAt(moscow + 120);
  const auto id =
      idOf(admin.post("/api/v1/campaigns", R"({"name":"night","selection":"everyone","text":"Hi",)"
                                           R"("quiet_hours":")" +
                                               quiet + R"(","start":true})"));
  REQUIRE(test::eventually([&] { return !campaign(admin, id)->isNull("frozen_at"); }));
  REQUIRE(test::eventually([&] { return test::taggedMessages(admin, "campaign").size() == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  auto sent = test::taggedMessages(admin, "campaign");
  REQUIRE(sent.size() == 1);
  CHECK(sent[0] == "+12125550123: Hi");
  auto c = campaign(admin, id);
  CHECK(c->getValue<std::string>("state") == "running");
  CHECK(c->getValue<std::string>("quiet_hours") == quiet);
  CHECK(c->getObject("progress")->getValue<int>("waiting") == 2);
  std::set<std::string> zones;
  for (const auto& z : *c->getArray("recipient_time_zones")) zones.insert(z.toString());
  CHECK(zones == std::set<std::string>{"America/New_York", "Europe/Moscow"});
}

TEST_CASE("campaigns refuse bad schedules and content, naming the field", "[campaigns]") {
  TestHost h;
  auto admin = h.adminClient();
  addContact(admin, "Anna", "+79123450001");
  selectAll(admin);
  idOf(admin.post("/api/v1/selections",
                  R"({"name":"nobody","entity_type":"contact",)"
                  R"("criteria":{"field":"city","op":"eq","value":"Atlantis"}})"));
  idOf(admin.post("/api/v1/templates",
                  R"({"name":"case note","entity_type":"case","body":"{{case.subject}}"})"));
  const auto refused = [&](const std::string& fields) {
    auto r =
        admin.post("/api/v1/campaigns", R"({"name":"x","selection":"everyone",)" + fields + "}");
    INFO(r.body);
    CHECK(r.status == 422);
    return r.status == 422 ? errorOf(r) : r.body;
  };
  CHECK(refused(R"("text":"Hi","starts_at":"2020-01-01T00:00:00Z")").starts_with("starts_at: "));
  CHECK(
      refused(R"("text":"Hi","starts_at":"2030-01-02T00:00:00Z","ends_at":"2030-01-01T00:00:00Z")")
          .starts_with("ends_at: ends_at must be after starts_at"));
  CHECK(refused(R"("text":"Hi","quiet_hours":"09:00-09:00")").find("whole day") !=
        std::string::npos);
  CHECK(refused(R"("text":"Hi","quiet_hours":"late")").starts_with("quiet_hours: "));
  CHECK(refused(R"("text":"Hi","time_zone":"Mars/Olympus")").starts_with("time_zone: unknown"));
  CHECK(refused(R"("text":"Hi","rate":-1)").starts_with("rate: "));
  CHECK(refused(R"("text":"Hi","template":"case note")").starts_with("template: give either"));
  CHECK(refused(R"("template":"case note")").find("written for case") != std::string::npos);
  CHECK(refused(R"("text":"")").starts_with("text: give either"));
  CHECK(refused(R"("text":"Hi","when":"now")").starts_with("when: "));
  auto r = admin.post("/api/v1/campaigns", R"({"name":"x","selection":"ghosts","text":"Hi"})");
  CHECK(errorOf(r) == "selection: no selection 'ghosts'");

  // Nobody selected: refused at the start, the draft kept.
  const auto empty =
      idOf(admin.post("/api/v1/campaigns", R"({"name":"empty","selection":"nobody","text":"Hi"})"));
  auto start = admin.post("/api/v1/campaigns/" + std::to_string(empty) + "/start", "");
  CHECK(start.status == 422);
  CHECK(errorOf(start) == "selection: selection 'nobody' selects nobody");
  CHECK(stateOf(admin, empty) == "draft");
  CHECK(admin.post("/api/v1/campaigns/" + std::to_string(empty) + "/pause", "").status == 409);
  CHECK(admin.post("/api/v1/campaigns", R"({"name":"empty","selection":"everyone","text":"Hi"})")
            .status == 409);
  CHECK(admin.get("/api/v1/campaigns/999").status == 404);

  // Reading needs view_bulk; saving needs send_bulk.
  auto viewer = h.userWithRights("viewer", {"view_bulk"});
  CHECK(viewer.get("/api/v1/campaigns").status == 200);
  CHECK(viewer.post("/api/v1/campaigns", R"({"name":"y","selection":"everyone","text":"Hi"})")
            .status == 403);
}
