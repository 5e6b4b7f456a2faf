// The SMS.ru provider against the fake SMS.ru over real HTTP: sends, refusals by code, delivery
// by polling and by signed callback, balance. Every message taken gets exactly one answer.

#include <catch2/catch.hpp>

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include "fake_smsru.h"
#include "pigeon/sdk/testing/recording_host.h"
#include "smsru_provider.h"

using namespace pigeon;
using namespace pigeon::smsru;
using sdk::testing::RecordingHost;

namespace {

test::FakeSmsruBehaviour refusing(int code) {
  test::FakeSmsruBehaviour b;
  b.refuseAllWith = code;
  return b;
}

SmsruSettings settingsFor(const test::FakeSmsru& fake) {
  SmsruSettings s;
  s.apiId = "test-api-id";
  s.baseUrl = fake.baseUrl();
  s.statusPollS = 0;
  s.timeoutMs = 3000;
  return s;
}

sdk::OutboundMessage message(std::int64_t id, const std::string& to, const std::string& text) {
  sdk::OutboundMessage m;
  m.id = id;
  m.to = to;
  m.text = text;
  return m;
}

sdk::CallbackRequest callbackOf(const std::vector<std::pair<std::string, std::string>>& form) {
  sdk::CallbackRequest r;
  r.method = "POST";
  r.contentType = "application/x-www-form-urlencoded";
  r.form = form;
  return r;
}

}  // namespace

TEST_CASE("SMS.ru: messages are sent once each and delivered by status polling", "[smsru]") {
  test::FakeSmsru fake;
  RecordingHost host;
  auto settings = settingsFor(fake);
  settings.statusPollS = 1;
  settings.from = "Clinic";
  SmsruProvider provider(settings, host);
  REQUIRE(provider.start().isOk());
  for (int i = 1; i <= 20; ++i)
    REQUIRE(provider.submit(message(i, "+7916000" + std::to_string(1000 + i), "Запись в 10:00"))
                .isOk());
  REQUIRE(host.waitFor([&] { return host.answered() == 20; }));
  for (const auto& [id, outcomes] : host.outcomes()) {
    REQUIRE(outcomes.size() == 1);
    CHECK(outcomes[0].status.isOk());
    CHECK(outcomes[0].providerMessageId.starts_with("000000-"));
  }
  const auto got = fake.received();
  REQUIRE(got.size() == 20);
  CHECK(got[0].text == "Запись в 10:00");
  CHECK(got[0].from == "Clinic");
  CHECK(got[0].to.starts_with("7916000"));  // digits only, as SMS.ru wants them
  REQUIRE(host.waitFor([&] { return host.reported() == 20; }));
  for (const auto& r : host.reports()) CHECK(r.state == sdk::DeliveryState::kDelivered);
  CHECK(provider.awaitingReports() == 0);
  CHECK(fake.statusQueries() >= 1);
  provider.stop();
}

TEST_CASE("SMS.ru: refusals become the right status, and account problems fail over", "[smsru]") {
  test::FakeSmsru fake({.noRoutePrefix = "7999"});
  RecordingHost host;
  SmsruProvider provider(settingsFor(fake), host);
  REQUIRE(provider.start().isOk());

  REQUIRE(provider.submit(message(1, "+79991234567", "hi")).isOk());
  REQUIRE(host.waitFor([&] { return host.answered() == 1; }));
  auto status = host.outcomes().at(1).at(0).status;
  CHECK(status.code() == sdk::StatusCode::kNoRoute);
  CHECK(status.providerCode() == "207");

  fake.setBehaviour(refusing(201));  // no money
  REQUIRE(provider.submit(message(2, "+79161234567", "hi")).isOk());
  REQUIRE(host.waitFor([&] { return host.answered() == 2; }));
  status = host.outcomes().at(2).at(0).status;
  CHECK(status.code() == sdk::StatusCode::kTemporary);
  CHECK_THAT(status.message(), Catch::Contains("not enough money"));
  CHECK_FALSE(provider.stats().connected);  // the router sends elsewhere meanwhile

  fake.setBehaviour({});
  REQUIRE(provider.submit(message(3, "+79161234567", "hi")).isOk());
  REQUIRE(host.waitFor([&] { return host.answered() == 3; }));
  CHECK(host.outcomes().at(3).at(0).status.isOk());
  CHECK(provider.stats().connected);

  fake.setBehaviour(refusing(205));
  REQUIRE(provider.submit(message(4, "+79161234567", "hi")).isOk());
  REQUIRE(host.waitFor([&] { return host.answered() == 4; }));
  CHECK(host.outcomes().at(4).at(0).status.code() == sdk::StatusCode::kPermanent);

  test::FakeSmsruBehaviour unavailable;
  unavailable.httpStatus = 503;
  fake.setBehaviour(unavailable);
  REQUIRE(provider.submit(message(5, "+79161234567", "hi")).isOk());
  REQUIRE(host.waitFor([&] { return host.answered() == 5; }));
  CHECK(host.outcomes().at(5).at(0).status.code() == sdk::StatusCode::kTemporary);
  provider.stop();
}

TEST_CASE("SMS.ru: an unreachable server is a temporary failure, never a lost message", "[smsru]") {
  RecordingHost host;
  SmsruSettings settings;
  settings.apiId = "x";
  settings.baseUrl = "http://127.0.0.1:1";  // nothing listens there
  settings.statusPollS = 0;
  SmsruProvider provider(settings, host);
  REQUIRE(provider.start().isOk());
  REQUIRE(provider.submit(message(1, "+79161234567", "hi")).isOk());
  REQUIRE(host.waitFor([&] { return host.answered() == 1; }));
  const auto status = host.outcomes().at(1).at(0).status;
  CHECK(status.code() == sdk::StatusCode::kTemporary);
  CHECK_THAT(status.message(), Catch::Contains("not reached"));
  CHECK_FALSE(provider.balance().isOk());
  provider.stop();
  CHECK(provider.submit(message(2, "+79161234567", "hi")).code() == sdk::StatusCode::kTemporary);
}

TEST_CASE("SMS.ru: signed delivery callbacks are applied, forged ones refused", "[smsru]") {
  test::FakeSmsru fake;
  RecordingHost host;
  SmsruProvider provider(settingsFor(fake), host);
  REQUIRE(provider.start().isOk());
  REQUIRE(provider.submit(message(1, "+79161234567", "hi")).isOk());
  REQUIRE(host.waitFor([&] { return host.answered() == 1; }));
  const auto smsId = host.outcomes().at(1).at(0).providerMessageId;
  REQUIRE(provider.awaitingReports() == 1);

  // Signed with another api_id: refused, nothing reported.
  const std::string record = "sms_status\n" + smsId + "\n103\n1764000000";
  auto forged =
      provider.callback(callbackOf({{"data[0]", record}, {"hash", std::string(64, 'a')}}));
  CHECK(forged.status == 403);
  CHECK(host.reports().empty());

  // In transit (102) changes nothing; a call check is not about messages; 106 fails it.
  const std::vector<std::string> data{"sms_status\n" + smsId + "\n102\n1764000000",
                                      "callcheck_status\n201737-542\n401\n1764000001",
                                      "sms_status\n" + smsId + "\n106\n1764000002"};
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update("test-api-id" + data[0] + data[1] + data[2]);
  auto ok =
      provider.callback(callbackOf({{"data[0]", data[0]},
                                    {"data[1]", data[1]},
                                    {"data[2]", data[2]},
                                    {"hash", Poco::DigestEngine::digestToHex(engine.digest())}}));
  CHECK(ok.status == 200);
  CHECK(ok.body == "100");  // what SMS.ru needs, or it sends the callback again
  const auto reports = host.reports();
  REQUIRE(reports.size() == 1);
  CHECK(reports[0].providerMessageId == smsId);
  CHECK(reports[0].state == sdk::DeliveryState::kFailed);
  CHECK(reports[0].errorCode == "106");
  CHECK(provider.awaitingReports() == 0);
  provider.stop();
}

TEST_CASE("SMS.ru: balance comes from /my/balance; a wrong api_id says so", "[smsru]") {
  test::FakeSmsru fake;
  RecordingHost host;
  auto settings = settingsFor(fake);
  SmsruProvider provider(settings, host);
  auto balance = provider.balance();
  REQUIRE(balance.isOk());
  CHECK(balance.value().amount == Approx(4122.56));
  CHECK(balance.value().currency == "RUB");
  settings.apiId = "wrong";
  SmsruProvider wrong(settings, host);
  auto refused = wrong.balance();
  REQUIRE_FALSE(refused.isOk());
  CHECK_THAT(refused.status().message(), Catch::Contains("wrong api_id"));
}
