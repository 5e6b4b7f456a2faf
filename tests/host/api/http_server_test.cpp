// The HTTP front as a client sees it on the wire: keep-alive and pipelining, refusals that
// close the connection rather than read an unwanted body, "Expect: 100-continue", and bad HTTP
// answered with an error that names it. Raw sockets, so nothing is smoothed over by a client
// library.

#include <Poco/Base64Encoder.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "support/test_host.h"

using namespace pigeon;
using test::TestHost;

namespace {

class RawClient {
public:
  explicit RawClient(int port) : socket_(Poco::Net::SocketAddress("127.0.0.1", port)) {
    socket_.setReceiveTimeout(Poco::Timespan(10, 0));
  }
  void send(const std::string& bytes) {
    socket_.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
  }
  // Reads until `marker` has been seen `times` times, or the server closes; returns all read.
  std::string readUntil(const std::string& marker, int times = 1) {
    char buffer[4096];
    while (count(marker) < times) {
      const int n = socket_.receiveBytes(buffer, sizeof buffer);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      received_.append(buffer, static_cast<std::size_t>(n));
    }
    return received_;
  }
  // True when the server closed the connection (read returns 0 or a reset).
  bool closedByServer() {
    if (closed_) return true;
    char buffer[256];
    try {
      return socket_.receiveBytes(buffer, sizeof buffer) <= 0;
    } catch (const Poco::Exception&) {
      return true;
    }
  }

private:
  int count(const std::string& marker) const {
    int n = 0;
    for (auto at = received_.find(marker); at != std::string::npos;
         at = received_.find(marker, at + 1))
      ++n;
    return n;
  }
  Poco::Net::StreamSocket socket_;
  std::string received_;
  bool closed_ = false;
};

std::string basicAuth() {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder << "admin:" << test::kAdminPassword;
  encoder.close();
  return "Basic " + out.str();
}

std::string messageRequest(const std::string& auth, const std::string& number) {
  const std::string body = R"({"to":")" + number + R"(","text":"raw"})";
  return "POST /api/v1/messages HTTP/1.1\r\nHost: x\r\nAuthorization: " + auth +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

}  // namespace

TEST_CASE("keep-alive and pipelined requests are answered in order on one connection", "[http]") {
  TestHost h;
  RawClient client(h.port());
  const auto auth = basicAuth();
  client.send(messageRequest(auth, "+79001110001"));
  auto first = client.readUntil("\"parts\":1}");
  CHECK(first.rfind("HTTP/1.1 202", 0) == 0);
  // Two at once: the second waits in the buffer until the first is answered.
  client.send(messageRequest(auth, "+79001110002") + messageRequest(auth, "+79001110003"));
  auto all = client.readUntil("\"parts\":1}", 3);
  const auto second = all.find("+79001110002");
  const auto third = all.find("+79001110003");
  REQUIRE(second != std::string::npos);
  REQUIRE(third != std::string::npos);
  CHECK(second < third);
}

TEST_CASE("a refused request with a body closes the connection without reading the body",
          "[http]") {
  TestHost h;
  RawClient client(h.port());
  // No credentials: 401, and the announced megabyte is never read.
  client.send(
      "POST /api/v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 1000000\r\n\r\n{");
  auto answer = client.readUntil("\r\n\r\n");
  CHECK(answer.rfind("HTTP/1.1 401", 0) == 0);
  CHECK(answer.find("WWW-Authenticate: Basic") != std::string::npos);
  CHECK(client.closedByServer());

  // Over the body limit by its declared length: 413 naming the limit, before any byte of it.
  RawClient big(h.port());
  big.send("POST /api/v1/messages HTTP/1.1\r\nHost: x\r\nAuthorization: " + basicAuth() +
           "\r\nContent-Length: 17000000\r\n\r\n");
  auto refused = big.readUntil("}}");
  CHECK(refused.rfind("HTTP/1.1 413", 0) == 0);
  CHECK(refused.find("body_too_large") != std::string::npos);
  CHECK(refused.find("larger than 16 MB") != std::string::npos);
  CHECK(big.closedByServer());
}

TEST_CASE("Expect: 100-continue gets its interim answer before the body is sent", "[http]") {
  TestHost h;
  RawClient client(h.port());
  const std::string body = R"({"to":"+79001110004","text":"continued"})";
  client.send("POST /api/v1/messages HTTP/1.1\r\nHost: x\r\nAuthorization: " + basicAuth() +
              "\r\nExpect: 100-continue\r\nContent-Length: " + std::to_string(body.size()) +
              "\r\n\r\n");
  auto interim = client.readUntil("\r\n\r\n");
  CHECK(interim.rfind("HTTP/1.1 100 Continue", 0) == 0);
  client.send(body);
  auto final = client.readUntil("\"parts\":1}");
  CHECK(final.find("HTTP/1.1 202") != std::string::npos);
}

TEST_CASE("bad HTTP gets an error naming the problem and the connection is closed", "[http]") {
  TestHost h;
  {
    RawClient client(h.port());
    client.send("THIS IS NOT HTTP\r\n\r\n");
    auto answer = client.readUntil("}}");
    CHECK(answer.rfind("HTTP/1.1 400", 0) == 0);
    CHECK(answer.find("invalid_http") != std::string::npos);
    CHECK(client.closedByServer());
  }
  {
    RawClient client(h.port());
    client.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Padding: " + std::string(20000, 'a') +
                "\r\n\r\n");
    auto answer = client.readUntil("}}");
    CHECK(answer.rfind("HTTP/1.1 431", 0) == 0);
    CHECK(answer.find("headers_too_large") != std::string::npos);
    CHECK(client.closedByServer());
  }
  // The server still serves.
  RawClient after(h.port());
  after.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(after.readUntil("\r\n\r\n").rfind("HTTP/1.1 ", 0) == 0);
}

TEST_CASE("a client that hangs up before its answer costs the server nothing", "[http]") {
  TestHost h;
  const auto auth = basicAuth();
  for (int i = 0; i < 20; ++i) {
    RawClient gone(h.port());
    gone.send(messageRequest(auth, "+7900111" + std::to_string(1000 + i)));
  }  // closed at once: the answers have nowhere to go
  // Each of those messages was still queued and is sent; the server goes on serving.
  auto api = h.adminClient();
  REQUIRE(test::eventually([&] {
    return api.get("/api/v1/messages?status=delivered&limit=100").body.find("+79001111019") !=
           std::string::npos;
  }));
  RawClient after(h.port());
  after.send(messageRequest(auth, "+79001112000"));
  CHECK(after.readUntil("\"parts\":1}").rfind("HTTP/1.1 202", 0) == 0);
}
