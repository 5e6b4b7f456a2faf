// pigeon_load: queues N messages through pigeond's API and measures accepted/s (202s back)
// and delivered/s end to end (until /metrics counts them delivered).
//
//   pigeon_load --port P --token T --mode batch|single|sendsms --total N [--batch B]
//               [--concurrency C] [--wait delivered|none]
//
// sendsms: one message per GET to Kannel's smsbox (/cgi-bin/sendsms, user and password
// "bench"), so Kannel is driven by the same client, connections and concurrency as pigeond.
// --wait none: stop once every call is answered (the side-by-side run counts at the SMPP peer).

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Options {
  int port = 8080;
  std::string token;
  std::string mode = "batch";
  long total = 100000;
  int batch = 1000;
  int concurrency = 4;
  std::string wait = "delivered";
};

Options parse(int argc, char** argv) {
  Options o;
  std::map<std::string, std::string> args;
  for (int i = 1; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
  if (args.count("--port")) o.port = std::stoi(args["--port"]);
  if (args.count("--token")) o.token = args["--token"];
  if (args.count("--mode")) o.mode = args["--mode"];
  if (args.count("--total")) o.total = std::stol(args["--total"]);
  if (args.count("--batch")) o.batch = std::stoi(args["--batch"]);
  if (args.count("--concurrency")) o.concurrency = std::stoi(args["--concurrency"]);
  if (args.count("--wait")) o.wait = args["--wait"];
  return o;
}

int post(Poco::Net::HTTPClientSession& s, const std::string& token, const std::string& body) {
  Poco::Net::HTTPRequest req("POST", "/api/v1/messages", Poco::Net::HTTPMessage::HTTP_1_1);
  req.setKeepAlive(true);
  req.set("Authorization", "Bearer " + token);
  req.setContentType("application/json");
  req.setContentLength(static_cast<std::streamsize>(body.size()));
  s.sendRequest(req) << body;
  Poco::Net::HTTPResponse resp;
  std::string ignored;
  Poco::StreamCopier::copyToString(s.receiveResponse(resp), ignored);
  return resp.getStatus();
}

// Kannel answers 202 "0: Accepted for delivery".
int sendsms(Poco::Net::HTTPClientSession& s, long i) {
  const auto uri = "/cgi-bin/sendsms?username=bench&password=bench&from=Bench&to=7912" +
                   std::to_string(1000000 + i % 8999999) + "&text=bench+message+" +
                   std::to_string(i);
  Poco::Net::HTTPRequest req("GET", uri, Poco::Net::HTTPMessage::HTTP_1_1);
  req.setKeepAlive(true);
  s.sendRequest(req);
  Poco::Net::HTTPResponse resp;
  std::string ignored;
  Poco::StreamCopier::copyToString(s.receiveResponse(resp), ignored);
  return resp.getStatus();
}

long deliveredCount(int port) {
  Poco::Net::HTTPClientSession s("127.0.0.1", static_cast<Poco::UInt16>(port));
  Poco::Net::HTTPRequest req("GET", "/metrics", Poco::Net::HTTPMessage::HTTP_1_1);
  s.sendRequest(req);
  Poco::Net::HTTPResponse resp;
  std::string body;
  Poco::StreamCopier::copyToString(s.receiveResponse(resp), body);
  const std::string key = "pigeon_messages_total{status=\"delivered\"} ";
  auto at = body.find(key);
  return at == std::string::npos ? -1 : std::stol(body.substr(at + key.size()));
}

std::string message(long i) {
  return R"({"to":"+7912)" + std::to_string(1000000 + i % 8999999) + R"(","text":"bench message )" +
         std::to_string(i) + R"(","priority":"bulk"})";
}

}  // namespace

int main(int argc, char** argv) {
  const auto o = parse(argc, argv);
  const bool waitDelivered = o.wait == "delivered";
  const long before = waitDelivered ? deliveredCount(o.port) : 0;
  std::atomic<long> next{0}, accepted{0}, refused{0};
  const int per = o.mode == "batch" ? o.batch : 1;
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int w = 0; w < o.concurrency; ++w)
    workers.emplace_back([&] {
      Poco::Net::HTTPClientSession s("127.0.0.1", static_cast<Poco::UInt16>(o.port));
      s.setKeepAlive(true);
      s.setTimeout(Poco::Timespan(120, 0));
      for (;;) {
        const long first = next.fetch_add(per);
        if (first >= o.total) return;
        const long n = std::min<long>(per, o.total - first);
        if (o.mode == "sendsms") {
          (sendsms(s, first) == 202 ? accepted : refused) += 1;
          continue;
        }
        std::string body;
        if (o.mode == "batch") {
          body = R"({"messages":[)";
          for (long i = 0; i < n; ++i) body += (i ? "," : "") + message(first + i);
          body += "]}";
        } else {
          body = message(first);
        }
        const int status = post(s, o.token, body);
        (status == 202 ? accepted : refused) += n;
      }
    });
  for (auto& t : workers) t.join();
  const auto acceptedAt = std::chrono::steady_clock::now();
  long delivered = 0;
  while (waitDelivered && (delivered = deliveredCount(o.port) - before) < accepted.load()) {
    if (std::chrono::steady_clock::now() - acceptedAt > std::chrono::minutes(10)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const auto deliveredAt = std::chrono::steady_clock::now();
  const double acceptSeconds = std::chrono::duration<double>(acceptedAt - start).count();
  const double endSeconds = std::chrono::duration<double>(deliveredAt - start).count();
  std::printf(
      "{\"mode\":\"%s\",\"total\":%ld,\"batch\":%d,\"concurrency\":%d,\"accepted\":%ld,\"refused\":"
      "%ld,"
      "\"delivered\":%ld,\"accept_s\":%.3f,\"end_to_end_s\":%.3f,\"accepted_per_s\":%.0f,"
      "\"delivered_per_s\":%.0f}\n",
      o.mode.c_str(), o.total, per, o.concurrency, accepted.load(), refused.load(), delivered,
      acceptSeconds, endSeconds, accepted.load() / acceptSeconds, delivered / endSeconds);
  return refused.load() == 0 && (!waitDelivered || delivered >= accepted.load()) ? 0 : 1;
}
