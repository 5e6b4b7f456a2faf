// The SMPP provider against the fake SMSC over real sockets: binds, windows, long messages,
// receipts, inbound SMS, throttling, lost connections and malformed PDUs. Every message taken
// gets exactly one answer (contract rule 2), whatever the SMSC does.

#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "fake_smsc.h"
#include "pigeon/sdk/testing/recording_host.h"
#include "pigeon/sdk/text/sms_text.h"
#include "smpp_provider.h"

using namespace pigeon;
using namespace pigeon::smpp;

namespace {

using RecordingHost = sdk::testing::RecordingHost;

SmppSettings settingsFor(int port) {
  SmppSettings s;
  s.host = "127.0.0.1";
  s.port = port;
  s.systemId = "pigeon";
  s.password = "secret";
  s.window = 50;
  s.reconnectS = 1;
  return s;
}

sdk::OutboundMessage message(std::int64_t id, std::string text = "Hello",
                             sdk::Encoding encoding = sdk::Encoding::kGsm7) {
  sdk::OutboundMessage m;
  m.id = id;
  m.to = "+79123456789";
  m.from = "Pigeon";
  m.text = std::move(text);
  m.encoding = encoding;
  return m;
}

bool waitUntilBound(SmppProvider& p) {
  for (int i = 0; i < 500 && p.boundTransmitters() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return p.boundTransmitters() > 0;
}

// Submits, retrying while the window is full, as the host's dispatcher would.
void submitAll(SmppProvider& p, std::int64_t first, int count) {
  for (std::int64_t id = first; id < first + count;) {
    auto status = p.submit(message(id));
    if (status.isOk()) {
      ++id;
      continue;
    }
    REQUIRE(status.code() == sdk::StatusCode::kThrottled);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace

TEST_CASE("SMPP: messages are submitted once each and delivered by their receipts", "[smpp]") {
  test::FakeSmsc smsc;
  RecordingHost host;
  SmppProvider provider(settingsFor(smsc.port()), host);
  REQUIRE(provider.start().isOk());
  REQUIRE(waitUntilBound(provider));
  submitAll(provider, 1, 500);
  REQUIRE(host.waitFor([&] { return host.answered() == 500 && host.reported() == 500; }));
  for (const auto& [id, outcomes] : host.outcomes()) {
    INFO(id);
    REQUIRE(outcomes.size() == 1);
    CHECK(outcomes[0].status.isOk());
    CHECK_FALSE(outcomes[0].providerMessageId.empty());
  }
  for (const auto& r : host.reports()) {
    CHECK(r.messageId > 0);
    CHECK(r.state == sdk::DeliveryState::kDelivered);
  }
  CHECK(smsc.submits() == 500);
  const auto first = smsc.submitted().front();
  CHECK(first.text("destination_addr") == "79123456789");
  CHECK(first.text("source_addr") == "Pigeon");
  CHECK(first.integer("registered_delivery") == 1);
  provider.stop();
}

TEST_CASE("SMPP: an acceptance without a message_id is still an acceptance, sent once", "[smpp]") {
  test::FakeSmscBehaviour b;
  b.noMessageIds = true;  // as Kannel's drive_smpp answers
  test::FakeSmsc smsc(b);
  RecordingHost host;
  SmppProvider provider(settingsFor(smsc.port()), host);
  REQUIRE(provider.start().isOk());
  REQUIRE(waitUntilBound(provider));
  submitAll(provider, 1, 50);
  REQUIRE(host.waitFor([&] { return host.answered() == 50; }));
  for (const auto& [id, outcomes] : host.outcomes()) {
    REQUIRE(outcomes.size() == 1);
    CHECK(outcomes[0].status.isOk());
    CHECK(outcomes[0].providerMessageId == "noid-" + std::to_string(id));
  }
  CHECK(smsc.submits() == 50);  // not retried for want of an id
  CHECK(host.reports().empty());
  provider.stop();
}

TEST_CASE("SMPP: a long UCS-2 text goes as UDH parts and is one message to the host", "[smpp]") {
  test::FakeSmsc smsc;
  RecordingHost host;
  SmppProvider provider(settingsFor(smsc.port()), host);
  REQUIRE(provider.start().isOk());
  REQUIRE(waitUntilBound(provider));
  std::string text;
  for (int i = 0; i < 20; ++i) text += "Привет, мир! ";  // 260 UTF-16 units: 4 parts of 67
  REQUIRE(provider.submit(message(7, text, sdk::Encoding::kUcs2)).isOk());
  // The fake SMSC sends each part's receipt right after its answer, before the next part is
  // answered: one report still comes, once, after the message is submitted.
  REQUIRE(host.waitFor([&] { return host.answered() == 1 && host.reported() == 1; }));
  CHECK(host.outcomes()[7].at(0).status.isOk());
  CHECK(host.reports().at(0).state == sdk::DeliveryState::kDelivered);
  const auto parts = smsc.submitted();
  REQUIRE(parts.size() == 4);
  std::string joined;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& sm = parts[i].text("short_message");
    CHECK(parts[i].integer("esm_class") == 0x40);
    CHECK(parts[i].integer("data_coding") == 8);
    REQUIRE(sm.size() > 6);
    CHECK(sm.substr(0, 3) == std::string("\x05\x00\x03", 3));
    CHECK(sm[3] == parts[0].text("short_message")[3]);  // one reference for all parts
    CHECK(static_cast<int>(sm[4]) == 4);
    CHECK(static_cast<int>(sm[5]) == static_cast<int>(i + 1));
    CHECK(sm.size() - 6 <= 134);  // 67 UTF-16 units
    joined += sm.substr(6);
  }
  CHECK(sdk::text::decodeUcs2(joined) == text);
  provider.stop();
}

TEST_CASE("SMPP: throttling answers are passed on as throttled, the rest as accepted", "[smpp]") {
  test::FakeSmscBehaviour b;
  b.throttleEvery = 4;
  test::FakeSmsc smsc(b);
  RecordingHost host;
  SmppProvider provider(settingsFor(smsc.port()), host);
  REQUIRE(provider.start().isOk());
  REQUIRE(waitUntilBound(provider));
  submitAll(provider, 1, 20);
  REQUIRE(host.waitFor([&] { return host.answered() == 20; }));
  int throttled = 0;
  for (const auto& [id, outcomes] : host.outcomes()) {
    REQUIRE(outcomes.size() == 1);
    if (outcomes[0].status.code() == sdk::StatusCode::kThrottled) {
      ++throttled;
      CHECK(outcomes[0].status.providerCode() == "ESME_RTHROTTLED");
    }
  }
  CHECK(throttled == 5);
  // The last answer throttled: for a moment submit() refuses, so the host pauses the instance.
  test::FakeSmscBehaviour every;
  every.throttleEvery = 1;
  smsc.setBehaviour(every);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the 20th's pause is over
  REQUIRE(provider.submit(message(100)).isOk());
  REQUIRE(host.waitFor([&] { return host.answered() == 21; }));
  CHECK(provider.submit(message(101)).code() == sdk::StatusCode::kThrottled);
  provider.stop();
}

TEST_CASE("SMPP: a dropped connection answers every unanswered part and the bind comes back",
          "[smpp]") {
  test::FakeSmscBehaviour b;
  b.silentAfter = 0;  // takes submits and never answers ...
  b.dropAfter = 10;   // ... then hangs up on the tenth
  test::FakeSmsc smsc(b);
  RecordingHost host;
  SmppProvider provider(settingsFor(smsc.port()), host);
  REQUIRE(provider.start().isOk());
  REQUIRE(waitUntilBound(provider));
  submitAll(provider, 1, 10);
  REQUIRE(host.waitFor([&] { return host.answered() == 10; }));
  for (const auto& [id, outcomes] : host.outcomes()) {
    REQUIRE(outcomes.size() == 1);  // exactly one answer each: the host retries them
    CHECK(outcomes[0].status.code() == sdk::StatusCode::kTemporary);
  }
  smsc.setBehaviour({});
  for (int i = 0; i < 500 && smsc.binds() < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(smsc.binds() == 2);
  REQUIRE(waitUntilBound(provider));
  REQUIRE(provider.submit(message(11)).isOk());
  REQUIRE(host.waitFor([&] { return host.answered() == 11; }));
  CHECK(host.outcomes()[11].at(0).status.isOk());
  provider.stop();
}

TEST_CASE("SMPP: stopping answers what the SMSC never did", "[smpp]") {
  test::FakeSmscBehaviour b;
  b.silentAfter = 0;
  test::FakeSmsc smsc(b);
  RecordingHost host;
  SmppProvider provider(settingsFor(smsc.port()), host);
  REQUIRE(provider.start().isOk());
  REQUIRE(waitUntilBound(provider));
  submitAll(provider, 1, 5);
  provider.stop();
  const auto outcomes = host.outcomes();
  REQUIRE(outcomes.size() == 5);
  for (const auto& [id, list] : outcomes)
    CHECK(list.at(0).status.code() == sdk::StatusCode::kTemporary);
  CHECK(provider.submit(message(6)).code() == sdk::StatusCode::kTemporary);
}

TEST_CASE("SMPP: a wrong password leaves no bind and submits wait, without a crash", "[smpp]") {
  test::FakeSmsc smsc;
  RecordingHost host;
  auto settings = settingsFor(smsc.port());
  settings.password = "wrong";
  SmppProvider provider(settings, host);
  REQUIRE(provider.start().isOk());
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(provider.boundTransmitters() == 0);
  auto status = provider.submit(message(1));
  CHECK(status.code() == sdk::StatusCode::kTemporary);
  CHECK(smsc.submits() == 0);
  provider.stop();
}

TEST_CASE("SMPP: a malformed PDU from the SMSC gets a generic_nack and the bind goes on",
          "[smpp]") {
  test::FakeSmscBehaviour b;
  b.garbageAfterBind = true;
  test::FakeSmsc smsc(b);
  RecordingHost host;
  SmppProvider provider(settingsFor(smsc.port()), host);
  REQUIRE(provider.start().isOk());
  REQUIRE(waitUntilBound(provider));
  for (int i = 0; i < 200 && smsc.nacksReceived() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(smsc.nacksReceived() == 1);
  REQUIRE(provider.submit(message(1)).isOk());
  REQUIRE(host.waitFor([&] { return host.answered() == 1; }));
  CHECK(smsc.binds() == 1);
  provider.stop();
}

TEST_CASE("SMPP: inbound SMS are decoded and joined from their parts", "[smpp]") {
  test::FakeSmsc smsc;
  RecordingHost host;
  SmppProvider provider(settingsFor(smsc.port()), host);
  REQUIRE(provider.start().isOk());
  REQUIRE(waitUntilBound(provider));
  auto mo = makePdu(command::kDeliverSm, 0);
  mo.set("source_addr", std::string("79001234567"));
  mo.set("destination_addr", std::string("7000"));
  const auto body = *sdk::text::encodeGsm7("STOP {all}");
  mo.set("sm_length", static_cast<std::uint32_t>(body.size()));
  mo.set("short_message", body);
  smsc.sendDeliverSm(mo);
  // A two-part Persian text, UCS-2, UDH with reference 9.
  const auto first = *sdk::text::encodeUcs2("سلام ");
  const auto second = *sdk::text::encodeUcs2("دنیا");
  for (int part = 1; part <= 2; ++part) {
    auto p = makePdu(command::kDeliverSm, 0);
    p.set("source_addr", std::string("989121234567"));
    p.set("esm_class", 0x40u);
    p.set("data_coding", 8u);
    const auto sm = std::string{0x05, 0x00, 0x03, 0x09, 0x02, static_cast<char>(part)} +
                    (part == 1 ? first : second);
    p.set("sm_length", static_cast<std::uint32_t>(sm.size()));
    p.set("short_message", sm);
    smsc.sendDeliverSm(p);
  }
  for (int i = 0; i < 500 && host.inbound().size() < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const auto in = host.inbound();
  REQUIRE(in.size() == 2);
  CHECK(in[0].from == "+79001234567");
  CHECK(in[0].text == "STOP {all}");
  CHECK(in[1].from == "+989121234567");
  CHECK(in[1].text == "سلام دنیا");
  auto alpha = makePdu(command::kDeliverSm, 0);
  alpha.set("source_addr", std::string("BANK"));
  alpha.set("sm_length", 2u);
  alpha.set("short_message", std::string("hi"));
  smsc.sendDeliverSm(alpha);
  for (int i = 0; i < 500 && host.inbound().size() < 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(host.inbound().size() == 3);
  CHECK(host.inbound()[2].from == "BANK");  // an alphanumeric sender gets no '+'
  provider.stop();
}

TEST_CASE("SMPP: a message longer than the window goes when nothing else is out", "[smpp]") {
  test::FakeSmsc smsc;
  RecordingHost host;
  auto settings = settingsFor(smsc.port());
  settings.window = 1;
  SmppProvider provider(settings, host);
  REQUIRE(provider.start().isOk());
  REQUIRE(waitUntilBound(provider));
  REQUIRE(provider.submit(message(1, std::string(400, 'x'))).isOk());  // 3 parts
  REQUIRE(host.waitFor([&] { return host.answered() == 1 && host.reported() == 1; }));
  CHECK(smsc.submits() == 3);
  provider.stop();
}

TEST_CASE("SMPP: a value that does not fit its field is the message's error, not a crash",
          "[smpp]") {
  test::FakeSmsc smsc;
  RecordingHost host;
  SmppProvider provider(settingsFor(smsc.port()), host);
  REQUIRE(provider.start().isOk());
  REQUIRE(waitUntilBound(provider));
  auto m = message(1);
  m.from = std::string("Pi\0geon", 7);  // a NUL cannot go in a C-octet string
  auto status = provider.submit(m);
  CHECK(status.code() == sdk::StatusCode::kPermanent);
  CHECK_THAT(status.message(), Catch::Contains("source_addr"));
  m.from = std::string(25, '7');  // longer than source_addr's 20 octets
  CHECK(provider.submit(m).code() == sdk::StatusCode::kPermanent);
  REQUIRE(provider.submit(message(2)).isOk());  // the provider goes on
  REQUIRE(host.waitFor([&] { return host.answered() == 1; }));
  provider.stop();
}
