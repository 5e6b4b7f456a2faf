#include "api/http_server.h"

#include <Poco/Logger.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include <stdexcept>
#include <thread>
#include <vector>

#include "api/http_connection.h"

namespace pigeon::host {

namespace asio = boost::asio;

// Declaration order is destruction order backwards: the connections still queued in the
// io_context die with it, and they use the context and the workers, so those go last.
struct HttpServer::Impl {
  Impl(const Router& router, Authenticator& auth, Metrics& metrics, HttpSettings settings,
       SiteHooks site)
      : workers(static_cast<std::size_t>(std::max(1, settings.threads))),
        context{router, auth, metrics, std::move(settings), std::move(site), workers} {}

  void accept() {
    // One loop thread is an implicit strand for every connection: a strand of their own would
    // only add a queue and a lock to every handler.
    const auto executor = context.settings.loopThreads > 1
                              ? asio::any_io_executor(asio::make_strand(io))
                              : asio::any_io_executor(io.get_executor());
    acceptor.async_accept(
        executor, [this](boost::system::error_code ec, asio::ip::tcp::socket socket) {
          if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
          if (!ec) {
            if (context.connections.load() >= context.settings.maxConnections) {
              Poco::Logger::get("http").warning("refusing a connection: %d are open",
                                                context.connections.load());
              boost::system::error_code ignored;
              socket.close(ignored);
            } else {
              // Answers go out as soon as they are written, never held back for an ACK.
              boost::system::error_code ignored;
              socket.set_option(asio::ip::tcp::no_delay(true), ignored);
              std::make_shared<HttpConnection>(std::move(socket), context)->start();
            }
          }
          accept();
        });
  }

  asio::thread_pool workers;
  HttpContext context;
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor{io};
  std::vector<std::thread> loops;
  bool stopped = false;
};

HttpServer::HttpServer(const Router& router, Authenticator& auth, Metrics& metrics,
                       HttpSettings settings, SiteHooks site)
    : impl_(std::make_unique<Impl>(router, auth, metrics, std::move(settings), std::move(site))) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  const auto& s = impl_->context.settings;
  try {
    const asio::ip::tcp::endpoint endpoint(asio::ip::make_address(s.address),
                                           static_cast<unsigned short>(s.port));
    impl_->acceptor.open(endpoint.protocol());
    impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
    impl_->acceptor.bind(endpoint);
    impl_->acceptor.listen(1024);
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error("cannot listen on " + s.address + ":" + std::to_string(s.port) + ": " +
                             e.code().message());
  }
  impl_->accept();
  for (int i = 0; i < std::max(1, s.loopThreads); ++i)
    impl_->loops.emplace_back([this] { impl_->io.run(); });
}

void HttpServer::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->io.stop();
  for (auto& t : impl_->loops)
    if (t.joinable()) t.join();
  boost::system::error_code ignored;
  impl_->acceptor.close(ignored);  // no loop runs now
  // Handlers already running finish; queued ones are dropped (their connections are gone).
  impl_->workers.stop();
  impl_->workers.join();
}

int HttpServer::port() const {
  boost::system::error_code ec;
  const auto endpoint = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

}  // namespace pigeon::host
