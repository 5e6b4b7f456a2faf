#pragma once
// The HTTP front: Poco's HTTPServer. Under /api/ and /metrics one handler reads the body (with
// a limit), authenticates, finds the route, checks the right, runs it and writes JSON; every
// other path goes to the site handler (the web admin) when one is set.

#include <functional>
#include <memory>
#include <string>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include "api/router.h"
#include "auth/authenticator.h"
#include "metrics/metrics.h"

namespace pigeon::host {

struct HttpSettings {
  std::string address = "127.0.0.1";
  int port = 8080;  // 0 = any free port
  int threads = 32;
  std::size_t maxBodyBytes = 16 * 1024 * 1024;
};

// Makes a handler for one request to the site (any path outside the API).
using SiteHandlerFactory = std::function<Poco::Net::HTTPRequestHandler*()>;

class HttpServer {
public:
  HttpServer(const Router& router, Authenticator& auth, Metrics& metrics, HttpSettings settings,
             SiteHandlerFactory site = {});
  ~HttpServer();

  // Binds and starts serving; throws Poco::Exception naming the address if it cannot bind.
  void start();
  void stop();
  int port() const;

private:
  const Router& router_;
  Authenticator& auth_;
  Metrics& metrics_;
  HttpSettings settings_;
  SiteHandlerFactory site_;
  std::unique_ptr<Poco::ThreadPool> threads_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace pigeon::host
