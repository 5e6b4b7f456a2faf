// pigeon_load: queues N messages through pigeond's API and measures accepted/s (202s back)
// and delivered/s end to end (until /metrics counts them delivered).
//
//   pigeon_load --port P --token T --mode batch|single|sendsms|inbound --total N [--batch B]
//               [--concurrency C] [--threads T] [--wait delivered|none] [--rate R]
//               [--instance I --secret S]
//
// sendsms: one message per GET to Kannel's smsbox (/cgi-bin/sendsms, user and password
// "bench"), so Kannel is driven by the same client, connections and concurrency as pigeond.
// --wait none: stop once every call is answered (the side-by-side run counts at the SMPP peer).
// inbound: customer i (+7900 and i in seven digits) texts BALANCE to the simulator instance's
// inbound callback (/callbacks/I/inbound?secret=S), one SMS per POST.
// --rate R: call i is sent at start + i/R seconds (not before), an open-loop schedule; the
// summary says how far behind it the client fell.
//
// The connections are asynchronous (Boost.Beast) on --threads event loops (default 1), like
// wrk: a thread per connection would cost the machine more than the servers it measures.

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct Options {
  int port = 8080;
  std::string token;
  std::string mode = "batch";
  long total = 100000;
  int batch = 1000;
  int concurrency = 4;
  int threads = 1;
  std::string wait = "delivered";
  double rate = 0;  // calls per second, 0 = as fast as answered
  std::string instance = "sim";
  std::string secret;
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
  if (args.count("--threads")) o.threads = std::stoi(args["--threads"]);
  if (args.count("--wait")) o.wait = args["--wait"];
  if (args.count("--rate")) o.rate = std::stod(args["--rate"]);
  if (args.count("--instance")) o.instance = args["--instance"];
  if (args.count("--secret")) o.secret = args["--secret"];
  if (o.mode == "inbound") o.wait = "none";  // nothing is delivered: the replies are counted
  return o;
}

std::string message(long i) {
  return R"({"to":"+7912)" + std::to_string(1000000 + i % 8999999) + R"(","text":"bench message )" +
         std::to_string(i) + R"(","priority":"bulk"})";
}

// The request for messages [first, first + n): pigeond's JSON API, or Kannel's sendsms (202
// "0: Accepted for delivery").
http::request<http::string_body> requestFor(const Options& o, long first, long n) {
  http::request<http::string_body> req;
  req.version(11);
  req.keep_alive(true);
  req.set(http::field::host, "127.0.0.1");
  if (o.mode == "sendsms") {
    req.method(http::verb::get);
    req.target("/cgi-bin/sendsms?username=bench&password=bench&from=Bench&to=7912" +
               std::to_string(1000000 + first % 8999999) + "&text=bench+message+" +
               std::to_string(first));
    return req;
  }
  req.method(http::verb::post);
  if (o.mode == "inbound") {
    char from[16];
    std::snprintf(from, sizeof from, "+7900%07ld", first);
    req.target("/callbacks/" + o.instance + "/inbound?secret=" + o.secret);
    req.set(http::field::content_type, "application/json");
    req.body() = std::string(R"({"from":")") + from + R"(","to":"+79001112233","text":"BALANCE"})";
    req.prepare_payload();
    return req;
  }
  req.target("/api/v1/messages");
  req.set(http::field::authorization, "Bearer " + o.token);
  req.set(http::field::content_type, "application/json");
  if (o.mode == "batch") {
    std::string body = R"({"messages":[)";
    for (long i = 0; i < n; ++i) body += (i ? "," : "") + message(first + i);
    req.body() = body + "]}";
  } else {
    req.body() = message(first);
  }
  req.prepare_payload();
  return req;
}

struct Counters {
  std::atomic<long> next{0}, accepted{0}, refused{0};
  std::atomic<long> lateUs{0};  // the most a paced call went out after its time
  std::chrono::steady_clock::time_point start;
};

bool acceptedStatus(const Options& o, unsigned status) {
  return status == (o.mode == "inbound" ? 200u : 202u);
}

// One keep-alive connection sending calls one after the other until the total is taken.
class Connection : public std::enable_shared_from_this<Connection> {
public:
  Connection(asio::io_context& io, const Options& o, Counters& counters)
      : stream_(io), timer_(io), options_(o), counters_(counters) {}

  void start(const tcp::endpoint& server) {
    stream_.async_connect(server, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->fail("connect", ec);
      self->sendNext();
    });
  }

private:
  void sendNext() {
    const long per = options_.mode == "batch" ? options_.batch : 1;
    first_ = counters_.next.fetch_add(per);
    if (first_ >= options_.total) return;
    count_ = std::min(per, options_.total - first_);
    request_ = requestFor(options_, first_, count_);
    if (options_.rate <= 0) return write();
    const auto due = counters_.start + std::chrono::microseconds(static_cast<long>(
                                           static_cast<double>(first_) * 1e6 / options_.rate));
    const auto now = std::chrono::steady_clock::now();
    if (due <= now) {
      const long late = std::chrono::duration_cast<std::chrono::microseconds>(now - due).count();
      long seen = counters_.lateUs.load();
      while (late > seen && !counters_.lateUs.compare_exchange_weak(seen, late)) {
      }
      return write();
    }
    timer_.expires_at(due);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->fail("timer", ec);
      self->write();
    });
  }

  void write() {
    http::async_write(
        stream_, request_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
          if (ec) return self->fail("write", ec);
          self->response_ = {};
          http::async_read(self->stream_, self->buffer_, self->response_,
                           [self](beast::error_code ec, std::size_t) {
                             if (ec) return self->fail("read", ec);
                             (acceptedStatus(self->options_, self->response_.result_int())
                                  ? self->counters_.accepted
                                  : self->counters_.refused) += self->count_;
                             self->sendNext();
                           });
        });
  }

  void fail(const char* what, beast::error_code ec) {
    std::fprintf(stderr, "pigeon_load: %s: %s\n", what, ec.message().c_str());
    counters_.refused += count_;
  }

  beast::tcp_stream stream_;
  asio::steady_timer timer_;
  const Options& options_;
  Counters& counters_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
  long first_ = 0, count_ = 0;
};

long deliveredCount(int port) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  http::request<http::empty_body> req(http::verb::get, "/metrics", 11);
  req.set(http::field::host, "127.0.0.1");
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> resp;
  http::read(stream, buffer, resp);
  const std::string key = "pigeon_messages_total{status=\"delivered\"} ";
  const auto& body = resp.body();
  auto at = body.find(key);
  return at == std::string::npos ? -1 : std::stol(body.substr(at + key.size()));
}

}  // namespace

int main(int argc, char** argv) {
  const auto o = parse(argc, argv);
  const bool waitDelivered = o.wait == "delivered";
  const long before = waitDelivered ? deliveredCount(o.port) : 0;
  Counters counters;
  const tcp::endpoint server(asio::ip::make_address("127.0.0.1"),
                             static_cast<unsigned short>(o.port));
  const auto start = counters.start = std::chrono::steady_clock::now();
  std::vector<std::thread> loops;
  for (int t = 0; t < o.threads; ++t)
    loops.emplace_back([&, t] {
      asio::io_context io;
      for (int c = t; c < o.concurrency; c += o.threads)
        std::make_shared<Connection>(io, o, counters)->start(server);
      io.run();
    });
  for (auto& t : loops) t.join();
  const auto acceptedAt = std::chrono::steady_clock::now();
  const long accepted = counters.accepted.load(), refused = counters.refused.load();
  long delivered = 0;
  while (waitDelivered && (delivered = deliveredCount(o.port) - before) < accepted) {
    if (std::chrono::steady_clock::now() - acceptedAt > std::chrono::minutes(10)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const auto deliveredAt = std::chrono::steady_clock::now();
  const double acceptSeconds = std::chrono::duration<double>(acceptedAt - start).count();
  const double endSeconds = std::chrono::duration<double>(deliveredAt - start).count();
  const int per = o.mode == "batch" ? o.batch : 1;
  std::printf(
      "{\"mode\":\"%s\",\"total\":%ld,\"batch\":%d,\"concurrency\":%d,\"accepted\":%ld,\"refused\":"
      "%ld,\"delivered\":%ld,\"accept_s\":%.3f,\"end_to_end_s\":%.3f,\"accepted_per_s\":%.0f,"
      "\"delivered_per_s\":%.0f,\"max_late_ms\":%.1f}\n",
      o.mode.c_str(), o.total, per, o.concurrency, accepted, refused, delivered, acceptSeconds,
      endSeconds, accepted / acceptSeconds, delivered / endSeconds,
      counters.lateUs.load() / 1000.0);
  return refused == 0 && (!waitDelivered || delivered >= accepted) ? 0 : 1;
}
