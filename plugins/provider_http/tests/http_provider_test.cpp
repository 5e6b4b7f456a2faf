// The generic HTTP provider against a fake API over real HTTP, configured two ways: a JSON API
// read by JSON pointers, and a Kannel-style GET whose text answer is read by regex. Plus its
// callbacks, its balance, and settings that name the bad field.

#include <catch2/catch.hpp>

#include "fake_http_api.h"
#include "http_provider.h"
#include "pigeon/sdk/testing/recording_host.h"
#include "value_reader.h"

using namespace pigeon;
using namespace pigeon::httpprovider;
using sdk::testing::RecordingHost;

namespace {

// Validated config as the host would hand it over: the given values over the defaults.
sdk::Result<HttpProviderSettings> settingsOf(std::map<std::string, std::string> given) {
  for (const auto& f : HttpProviderSettings::schema())
    if (!given.count(f.name)) given[f.name] = f.defaultValue;
  return HttpProviderSettings::read(sdk::ConfigValues(given));
}

HttpProviderSettings jsonApi(const test::FakeHttpApi& api) {
  auto s = settingsOf({{"send_url", api.baseUrl() + "/v1/sms"},
                       {"send_body", R"({"to":"{to}","text":"{text}","sender":"{from}"})"},
                       {"body_format", "json"},
                       {"auth_header", "Bearer token-1"},
                       {"message_id_field", "/result/id"},
                       {"error_code_field", "/error/code"},
                       {"no_route_codes", "NO_ROUTE"},
                       {"dlr_id_field", "/id"},
                       {"dlr_status_field", "/state"},
                       {"mo_from_field", "from"},
                       {"mo_to_field", "to"},
                       {"mo_text_field", "text"},
                       {"balance_url", api.baseUrl() + "/v1/balance"},
                       {"balance_field", "/account/balance"},
                       {"balance_currency", "EUR"}});
  REQUIRE(s.isOk());
  return *s;
}

sdk::OutboundMessage message(std::int64_t id, const std::string& to, const std::string& text) {
  sdk::OutboundMessage m;
  m.id = id;
  m.to = to;
  m.text = text;
  m.from = "Shop";
  return m;
}

sdk::StatusCode answerCode(RecordingHost& host, std::int64_t id) {
  return host.outcomes().at(id).at(0).status.code();
}

}  // namespace

TEST_CASE("HTTP provider: a JSON API, read by JSON pointers", "[http-provider]") {
  test::FakeHttpApi api;
  RecordingHost host;
  HttpProvider provider(jsonApi(api), host);
  REQUIRE(provider.start().isOk());

  // Quotes, a backslash and a newline survive the JSON template.
  const std::string tricky = "Скидка \"20%\" \\ до пятницы\nВаш магазин";
  REQUIRE(provider.submit(message(1, "+79161234567", tricky)).isOk());
  REQUIRE(provider.submit(message(2, "+447000000001", "hi")).isOk());
  REQUIRE(provider.submit(message(3, "+79161234567", "BLOCKED")).isOk());
  REQUIRE(host.waitFor([&] { return host.answered() == 3; }));
  const auto first = host.outcomes().at(1).at(0);
  CHECK(first.status.isOk());
  CHECK(first.providerMessageId == "m-1");
  const auto got = api.received();
  REQUIRE(got.size() == 1);  // once; the refused ones were not recorded as sent
  CHECK(got[0].text == tricky);
  CHECK(got[0].to == "+79161234567");
  CHECK(got[0].sender == "Shop");
  CHECK(answerCode(host, 2) == sdk::StatusCode::kNoRoute);  // configured no_route code
  CHECK(host.outcomes().at(2).at(0).status.providerCode() == "NO_ROUTE");
  CHECK(answerCode(host, 3) == sdk::StatusCode::kPermanent);  // a 4xx is final

  api.setRateLimited(true);
  REQUIRE(provider.submit(message(4, "+79161234567", "hi")).isOk());
  REQUIRE(host.waitFor([&] { return host.answered() == 4; }));
  CHECK(answerCode(host, 4) == sdk::StatusCode::kThrottled);  // 429

  auto balance = provider.balance();
  REQUIRE(balance.isOk());
  CHECK(balance->amount == Approx(12.5));
  CHECK(balance->currency == "EUR");
  provider.stop();
}

TEST_CASE("HTTP provider: delivery and inbound callbacks by field and by JSON pointer",
          "[http-provider]") {
  test::FakeHttpApi api;
  RecordingHost host;
  HttpProvider provider(jsonApi(api), host);
  REQUIRE(provider.start().isOk());

  sdk::CallbackRequest dlr;
  dlr.method = "POST";
  dlr.path = "/dlr";
  dlr.body = R"({"id":"m-7","state":"UNDELIV"})";
  auto answer = provider.callback(dlr);
  CHECK(answer.status == 200);
  CHECK(answer.body == "OK");
  dlr.body = R"({"id":"m-8","state":"ENROUTE"})";  // in transit: nothing recorded
  CHECK(provider.callback(dlr).status == 200);
  dlr.body = R"({"state":"DELIVRD"})";
  CHECK(provider.callback(dlr).status == 400);  // no id: says what is missing
  auto reports = host.reports();
  REQUIRE(reports.size() == 1);
  CHECK(reports[0].providerMessageId == "m-7");
  CHECK(reports[0].state == sdk::DeliveryState::kFailed);
  CHECK(reports[0].errorCode == "UNDELIV");

  sdk::CallbackRequest mo;
  mo.method = "GET";
  mo.path = "/inbound";
  mo.query = {{"from", "79001234567"}, {"to", "7000"}, {"text", "STOP"}};
  CHECK(provider.callback(mo).status == 200);
  auto in = host.inbound();
  REQUIRE(in.size() == 1);
  CHECK(in[0].from == "+79001234567");
  CHECK(in[0].to == "7000");
  CHECK(in[0].text == "STOP");
  mo.path = "/elsewhere";
  CHECK(provider.callback(mo).status == 404);
  provider.stop();
}

TEST_CASE("HTTP provider: a Kannel-style GET with a text answer read by regex", "[http-provider]") {
  test::FakeHttpApi api;
  RecordingHost host;
  auto settings = settingsOf({{"send_url", api.baseUrl() + "/send?to={to_digits}&text={text}"},
                              {"send_method", "GET"},
                              {"success_regex", "^OK"},
                              {"message_id_regex", "id=([a-z0-9-]+)"},
                              {"error_code_regex", "^ERR: (.*)$"},
                              {"no_route_codes", "NO ROUTE"}});
  REQUIRE(settings.isOk());
  HttpProvider provider(*settings, host);
  REQUIRE(provider.start().isOk());
  REQUIRE(provider.submit(message(1, "+79161234567", "a&b=c ü")).isOk());
  REQUIRE(provider.submit(message(2, "+447000000001", "x")).isOk());
  REQUIRE(host.waitFor([&] { return host.answered() == 2; }));
  CHECK(host.outcomes().at(1).at(0).providerMessageId == "t-1");
  CHECK(api.received().at(0).text == "a&b=c ü");  // URL-encoded in the URL, decoded there
  CHECK(api.received().at(0).to == "79161234567");
  CHECK(answerCode(host, 2) == sdk::StatusCode::kNoRoute);  // "ERR: NO ROUTE" with HTTP 200
  CHECK_FALSE(provider.balance().isOk());                   // no balance_url: says so
  provider.stop();
}

TEST_CASE(
    "HTTP provider: unreachable means temporary and disconnected; bad settings name the "
    "field",
    "[http-provider]") {
  RecordingHost host;
  auto settings = settingsOf({{"send_url", "http://127.0.0.1:1/send"}});
  REQUIRE(settings.isOk());
  HttpProvider provider(*settings, host);
  REQUIRE(provider.start().isOk());
  REQUIRE(provider.submit(message(1, "+79161234567", "hi")).isOk());
  REQUIRE(host.waitFor([&] { return host.answered() == 1; }));
  CHECK(answerCode(host, 1) == sdk::StatusCode::kTemporary);
  CHECK_FALSE(provider.stats().connected);
  provider.stop();

  auto bad = settingsOf({{"send_url", "http://x/"}, {"message_id_regex", "id=([0-9"}});
  REQUIRE_FALSE(bad.isOk());
  CHECK_THAT(bad.status().message(), Catch::StartsWith("message_id_regex:"));
  bad = settingsOf({{"send_url", "ftp://x/"}});
  REQUIRE_FALSE(bad.isOk());
  CHECK_THAT(bad.status().message(), Catch::StartsWith("send_url:"));
  bad = settingsOf({{"send_url", "http://x/"}, {"success_status", "200,OK"}});
  REQUIRE_FALSE(bad.isOk());
  CHECK_THAT(bad.status().message(), Catch::StartsWith("success_status:"));
}

TEST_CASE("HTTP provider: JSON pointers and templates", "[http-provider]") {
  const std::string body = R"({"a":{"b/c":[10,{"d~e":"x"}]},"n":null,"t":true})";
  CHECK(jsonPointer(body, "/a/b~1c/0") == "10");
  CHECK(jsonPointer(body, "/a/b~1c/1/d~0e") == "x");
  CHECK(jsonPointer(body, "/t") == "true");
  CHECK_FALSE(jsonPointer(body, "/a/b~1c/2"));
  CHECK_FALSE(jsonPointer(body, "/n"));
  CHECK_FALSE(jsonPointer("not json", "/a"));
  CHECK(expandTemplate(R"({"to":"{to}","x":"{unknown}"})", {{"to", "+1"}}, jsonEscape) ==
        R"({"to":"+1","x":"{unknown}"})");
}
