// Appointment reminders through the API, as a clinic runs them: a rule with its offsets, the
// appointments the CRM sends, and what each client gets: one reminder per offset when it falls
// due, nothing for a cancelled visit or a client who refuses SMS, a reminder held to the end
// of the quiet hours or skipped when the visit comes first, the latest reminder at once for a
// visit booked after its due times passed; the day's queue and the report per branch; and
// rules refused, naming the field, when they are wrong.

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

#include <chrono>
#include <ctime>
#include <map>
#include <set>
#include <thread>

#include "support/http_client.h"
#include "support/inbound_driver.h"
#include "support/test_host.h"

using namespace pigeon;
using test::errorOf;
using test::HttpClient;
using test::TestHost;

namespace {

constexpr std::int64_t kMinute = 60000;

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string iso(std::int64_t ms) {
  const std::time_t seconds = ms / 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
  const auto millis = std::to_string(1000 + ms % 1000).substr(1);
  return std::string(text) + "." + millis + "Z";
}

std::string dayOf(std::int64_t ms) { return iso(ms).substr(0, 10); }

std::int64_t idOf(const test::HttpResult& r) {
  INFO(r.body);
  REQUIRE((r.status == 200 || r.status == 201));
  return r.json()->getValue<std::int64_t>("id");
}

std::string contact(HttpClient& admin, const std::string& name, const std::string& phone) {
  return std::to_string(idOf(admin.post(
      "/api/v1/entities/contact", R"({"first_name":")" + name + R"(","phone":")" + phone + "\"}")));
}

std::string appointment(HttpClient& admin, const std::string& contactId, std::int64_t startsAt,
                        const std::string& more = "") {
  return std::to_string(idOf(admin.post(
      "/api/v1/entities/appointment", R"({"contact":)" + contactId + R"(,"starts_at":")" +
                                          iso(startsAt) + R"(","branch":"Central")" + more + "}")));
}

void visitTemplate(HttpClient& admin) {
  idOf(admin.post("/api/v1/templates", R"({"name":"visit","entity_type":"appointment",)"
                                       R"("body":"{{contact.first_name}}, see you at the )"
                                       R"({{appointment.branch}} branch."})"));
}

std::int64_t rule(HttpClient& admin, const std::string& offsets, const std::string& quiet) {
  return idOf(admin.post("/api/v1/reminder-rules", R"({"name":"visits","offsets":)" + offsets +
                                                       R"(,"template":"visit","quiet_hours":)" +
                                                       quiet + "}"));
}

// The reminders the outbox holds, as "to: text", sorted.
std::vector<std::string> reminderTexts(HttpClient& admin) {
  auto out = test::taggedMessages(admin, "reminder");
  std::sort(out.begin(), out.end());
  return out;
}

// The day's queue of the days `at` falls on, by appointment: "offset state reason".
std::map<std::string, std::vector<std::string>> queue(HttpClient& admin,
                                                      std::vector<std::int64_t> at) {
  std::map<std::string, std::vector<std::string>> out;
  std::set<std::string> days;
  for (auto ms : at) days.insert(dayOf(ms));
  for (const auto& day : days) {
    auto r = admin.get("/api/v1/reminders?date=" + day);
    INFO(r.body);
    REQUIRE(r.status == 200);
    auto items = r.json()->getArray("reminders");
    for (unsigned i = 0; i < items->size(); ++i) {
      auto item = items->getObject(i);
      out[std::to_string(item->getValue<std::int64_t>("entity_id"))].push_back(
          item->getValue<std::string>("offset") + " " + item->getValue<std::string>("state") +
          (item->isNull("reason") ? "" : " " + item->getValue<std::string>("reason")));
    }
  }
  return out;
}

}  // namespace

TEST_CASE(
    "each reminder goes once when due, never for a cancelled visit or a client who "
    "refuses SMS",
    "[reminders]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend, {{test::kInboundSecretSetting, test::kInboundSecret}});
  auto admin = h.adminClient();
  visitTemplate(admin);
  const auto ruleId = rule(admin, R"(["2h", "1h"])", R"("none")");
  const auto anna = contact(admin, "Anna", "+79123450001");
  const auto boris = contact(admin, "Boris", "+79123450002");
  const auto vera = contact(admin, "Vera", "+79123450003");
  const auto gleb = contact(admin, "Gleb", "+79123450004");
  REQUIRE(admin.post("/api/v1/opt-outs", R"({"phone":"+79123450004"})").status == 201);

  // Each visit's reminder falls due a few seconds from now: one 1 h before, one 2 h before.
  const auto now = nowMs();
  const auto inOneHour = appointment(admin, anna, now + 60 * kMinute + 3000);
  const auto inTwoHours = appointment(admin, anna, now + 120 * kMinute + 3000);
  const auto cancelled =
      appointment(admin, boris, now + 60 * kMinute + 3000, R"(,"status":"cancelled")");
  const auto refused =
      appointment(admin, vera, now + 60 * kMinute + 3000, R"(,"refuses_sms":true)");
  const auto optedOut = appointment(admin, gleb, now + 60 * kMinute + 3000);
  const auto later = appointment(admin, anna, now + 300 * kMinute);  // due in 3 h: upcoming

  REQUIRE(test::eventually([&] { return reminderTexts(admin).size() == 2; }, 15000));
  std::this_thread::sleep_for(std::chrono::seconds(2));  // nothing more comes
  const auto texts = reminderTexts(admin);
  REQUIRE(texts.size() == 2);
  CHECK(texts[0] == "+79123450001: Anna, see you at the Central branch.");
  CHECK(texts[1] == texts[0]);

  const auto q = queue(admin, {now, now + 300 * kMinute});
  CHECK(q.at(inOneHour) == std::vector<std::string>{"1h sent"});
  CHECK(q.at(inTwoHours) == std::vector<std::string>{"2h sent", "1h upcoming"});
  CHECK(q.at(optedOut) == std::vector<std::string>{"1h skipped opted_out"});
  CHECK(q.at(later) == std::vector<std::string>{"2h upcoming", "1h upcoming"});
  CHECK_FALSE(q.count(cancelled));
  CHECK_FALSE(q.count(refused));

  // Anna confirms by reply; the clinic sees it in the appointment and in the report.
  REQUIRE(admin
              .post("/api/v1/keyword-rules",
                    R"({"name":"confirm","handler":"pigeon.keyword.appointment"})")
              .status == 201);
  test::InboundDriver customers(h.port(), admin);
  customers.send("+79123450001", "YES");
  CHECK(customers.handled(1)->getValue<std::string>("outcome") ==
        "appointment " + inOneHour + " confirmed");
  auto report = admin.get("/api/v1/reminders/report?from=" + dayOf(now) +
                          "&to=" + dayOf(now + 120 * kMinute));
  INFO(report.body);
  REQUIRE(report.status == 200);
  std::int64_t sent = 0, skipped = 0, reminded = 0, confirmed = 0;
  auto lines = report.json()->getArray("report");
  for (unsigned i = 0; i < lines->size(); ++i) {
    auto line = lines->getObject(i);
    CHECK(line->getValue<std::string>("group") == "Central");
    sent += line->getValue<std::int64_t>("sent");
    skipped += line->getValue<std::int64_t>("skipped");
    reminded += line->getValue<std::int64_t>("reminded");
    auto now = line->getObject("now");
    if (now->has("confirmed")) confirmed += now->getValue<std::int64_t>("confirmed");
  }
  CHECK(sent == 2);
  CHECK(skipped == 1);
  CHECK(reminded == 2);
  CHECK(confirmed == 1);
  CHECK(admin.get("/api/v1/reminder-rules/" + std::to_string(ruleId))
            .json()
            ->getValue<std::string>("group_field") == "branch");
}

TEST_CASE(
    "a reminder due in quiet hours waits for their end, or is skipped when the visit "
    "comes first",
    "[reminders]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend);
  auto admin = h.adminClient();
  visitTemplate(admin);
  // Quiet from an hour ago until an hour from now in Moscow (UTC+3 all year), the clients'
  // zone by their numbers.
  const auto now = nowMs();
  const int moscow = static_cast<int>((now / kMinute + 180) % 1440);
  rule(admin, R"(["2h", "30m"])",
       "\"" + test::clockAt(moscow - 60) + "-" + test::clockAt(moscow + 60) + "\"");
  const auto anna = contact(admin, "Anna", "+79123450001");
  const auto held = appointment(admin, anna, now + 120 * kMinute + 3000);  // quiet ends first
  const auto lost = appointment(admin, anna, now + 30 * kMinute + 3000);   // the visit comes first

  std::map<std::string, std::vector<std::string>> q;
  REQUIRE(test::eventually(
      [&] {
        q = queue(admin, {now, now + 60 * kMinute});
        return q.count(held) && q.at(held).front() == "2h pending" && q.count(lost) &&
               q.at(lost).front() == "30m skipped quiet_hours";
      },
      15000));
  CHECK(reminderTexts(admin).empty());
  // The pending one is due when the quiet hours end, within the hour, and before the visit.
  auto day = admin.get("/api/v1/reminders?date=" + dayOf(now + 60 * kMinute)).json();
  auto items = day->getArray("reminders");
  bool found = false;
  for (unsigned i = 0; i < items->size(); ++i) {
    auto item = items->getObject(i);
    if (std::to_string(item->getValue<std::int64_t>("entity_id")) != held ||
        item->getValue<std::string>("offset") != "2h")
      continue;
    found = true;
    CHECK(item->getValue<std::string>("due_at") > iso(now + 58 * kMinute));
    CHECK(item->getValue<std::string>("due_at") <= iso(now + 61 * kMinute));
  }
  CHECK((found || dayOf(now) != dayOf(now + 60 * kMinute)));
}

TEST_CASE("a visit booked after its reminders fell due gets the latest one at once",
          "[reminders]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  TestHost h(backend);
  auto admin = h.adminClient();
  visitTemplate(admin);
  rule(admin, R"(["24h", "2h"])", R"("none")");
  const auto anna = contact(admin, "Anna", "+79123450001");
  // Let the rule's first pass place its cursors, then book a visit 30 minutes ahead.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto now = nowMs();
  const auto soon = appointment(admin, anna, now + 30 * kMinute);
  REQUIRE(test::eventually([&] { return reminderTexts(admin).size() == 1; }, 10000));
  std::this_thread::sleep_for(std::chrono::seconds(1));
  CHECK(reminderTexts(admin).size() == 1);
  CHECK(queue(admin, {now}).at(soon) == std::vector<std::string>{"2h sent"});

  // Confirming it changes the row again, and sends nothing more.
  REQUIRE(admin.request("PUT", "/api/v1/entities/appointment/" + soon, R"({"status":"confirmed"})")
              .status == 200);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  CHECK(reminderTexts(admin).size() == 1);
}

TEST_CASE("reminder rules refuse bad offsets, fields and templates, naming the field",
          "[reminders]") {
  TestHost h("sqlite");
  auto admin = h.adminClient();
  visitTemplate(admin);
  idOf(
      admin.post("/api/v1/templates",
                 R"({"name":"promo","entity_type":"contact","body":"Hi {{contact.first_name}}"})"));
  auto refused = [&](const std::string& members) {
    auto r = admin.post("/api/v1/reminder-rules", R"({"name":"r",)" + members + "}");
    INFO(r.body);
    CHECK(r.status == 422);
    return errorOf(r);
  };
  CHECK(
      refused(R"("offsets":["72h","24h","2h","1h"],"template":"visit")").starts_with("offsets: "));
  CHECK(refused(R"("offsets":["5x"],"template":"visit")").find("'5x'") != std::string::npos);
  CHECK(refused(R"("offsets":["2h","120m"],"template":"visit")").find("twice") !=
        std::string::npos);
  CHECK(refused(R"("offsets":"2h","template":"visit")").starts_with("offsets: "));
  CHECK(refused(R"("offsets":["2h"],"template":"promo")").starts_with("template: "));
  CHECK(refused(R"("offsets":["2h"],"template":"nope")").starts_with("template: "));
  CHECK(refused(R"("offsets":["2h"],"template":"visit","time_field":"location")")
            .starts_with("time_field: "));
  CHECK(refused(R"("offsets":["2h"],"template":"visit","group_field":"planet")")
            .starts_with("group_field: "));
  CHECK(refused(R"("offsets":["2h"],"template":"visit","quiet_hours":"09:00-09:00")")
            .find("whole day") != std::string::npos);
  CHECK(refused(R"("offsets":["2h"],"template":"visit","time_zone":"Mars/Base")")
            .starts_with("time_zone: "));
  CHECK(
      refused(
          R"("offsets":["2h"],"template":"visit","criteria":{"field":"nope","op":"eq","value":1})")
          .starts_with("criteria"));
  CHECK(refused(R"("offsets":["2h"],"template":"visit","entity_type":"planet")")
            .starts_with("entity_type: "));
  CHECK(refused(R"("offsets":["2h"],"template":"visit","colour":"red")").find("colour") !=
        std::string::npos);
  CHECK(admin.get("/api/v1/reminder-rules").json()->getArray("reminder_rules")->size() == 0);

  // A good one, then the same name again.
  auto saved = admin.post("/api/v1/reminder-rules",
                          R"({"name":"r","offsets":["3d","1d","2h"],"template":"visit"})");
  INFO(saved.body);
  REQUIRE(saved.status == 201);
  auto offsets = saved.json()->getArray("offsets");
  CHECK(offsets->getElement<std::string>(0) == "3d");
  CHECK(offsets->getElement<std::string>(2) == "2h");
  CHECK(saved.json()->getValue<std::string>("quiet_hours") == "21:00-09:00");  // the default
  CHECK(admin.post("/api/v1/reminder-rules", R"({"name":"r","offsets":["2h"],"template":"visit"})")
            .status == 409);
  CHECK(admin.get("/api/v1/reminders/report?from=yesterday").status == 422);
}
