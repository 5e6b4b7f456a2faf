#pragma once
// The HTTP front: an event loop (Boost.Asio with Boost.Beast's HTTP/1.1 parser) on one or more
// threads holds every connection, and a pool of worker threads runs what may block. Under
// /api/, /metrics and /callbacks/ a request is routed, authenticated (from the credential
// cache on the loop, else on a worker), its body read within the route's limit, and its
// handler run: an asynchronous one (queueing messages) on the loop, answering when the store
// has committed, any other on a worker. Every other path goes to the site handler (the web
// admin) on a worker.
//
// Why not one thread per connection: each request then cost three context switches (wait for
// the socket, wait for the commit, wake), which were a third of the CPU of a single-message
// call on two cores.

#include <memory>
#include <string>

#include "api/router.h"
#include "api/site_exchange.h"
#include "auth/authenticator.h"
#include "metrics/metrics.h"

namespace pigeon::host {

struct HttpSettings {
  std::string address = "127.0.0.1";
  int port = 8080;   // 0 = any free port
  int threads = 32;  // workers for handlers that may block
  std::size_t maxBodyBytes = 16 * 1024 * 1024;
  int loopThreads = 1;
  int idleSeconds = 30;  // a keep-alive connection with no request is closed after this
  int maxConnections = 10000;
};

class HttpServer {
public:
  HttpServer(const Router& router, Authenticator& auth, Metrics& metrics, HttpSettings settings,
             SiteHooks site = {});
  ~HttpServer();

  // Binds and starts serving; throws std::runtime_error naming the address if it cannot bind.
  void start();
  // Stops accepting and serving. Completions that arrive later (a commit finishing) are
  // dropped with their connections when the server is destroyed.
  void stop();
  int port() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pigeon::host
