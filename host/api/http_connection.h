#pragma once
// One client connection of the HttpServer: reads a request, routes it, answers, and reads the
// next (keep-alive), one request at a time. Its handlers run on the connection's strand, so
// its members need no lock; work that may block goes to the worker pool and comes back
// through a post to the strand.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "api/http_server.h"

namespace pigeon::host {

// What every connection shares; owned by the server and outliving its connections.
struct HttpContext {
  const Router& router;
  Authenticator& auth;
  Metrics& metrics;
  HttpSettings settings;
  SiteHooks site;
  boost::asio::thread_pool& workers;
  std::atomic<int> connections{0};
};

class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
public:
  HttpConnection(boost::asio::ip::tcp::socket socket, HttpContext& context);
  ~HttpConnection();

  void start();

private:
  using Response = boost::beast::http::response<boost::beast::http::string_body>;

  void readHeader();
  void onHeader(boost::beast::error_code ec);
  void routeApi();
  void authenticated(std::optional<Caller> caller);
  void readBody(std::size_t limit, std::function<void()> then);
  void readBodyNow(std::size_t limit, std::function<void()> then);
  void runApi();
  void routeSite();
  SiteHttpRequest siteHead() const;
  void runSite();
  // Runs `work` on a worker, then `then` with its result back on the strand.
  template <typename T>
  void onWorker(std::function<T()> work, std::function<void(T)> then);

  ApiResponse guarded(const std::function<ApiResponse()>& make) const;
  void respond(ApiResponse out);
  void respondError(const ApiError& e);
  void write(Response response);
  void close();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  HttpContext& context_;
  ApiRequest request_;
  const Route* route_ = nullptr;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace pigeon::host
