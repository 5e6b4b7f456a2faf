#pragma once
// An SMSC for tests, on 127.0.0.1 and a free port, speaking SMPP 3.4 with the plugin's own
// codec: accepts binds (checking the password), answers submit_sm with hex ids, sends a
// delivery receipt for each accepted part, and can misbehave on request.

#include <utility>  // before Asio: Boost 1.74 uses std::exchange without including it

#include <boost/asio.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "pdu.h"

namespace pigeon::smpp::test {

struct FakeSmscBehaviour {
  std::string password = "secret";
  bool receipts = true;
  int throttleEvery = 0;          // answer every Nth submit_sm with ESME_RTHROTTLED; 0 = never
  int silentAfter = -1;           // stop answering submit_sm after this many (-1 = always answer)
  int dropAfter = -1;             // close the connection on this submit_sm (-1 = never)
  bool garbageAfterBind = false;  // send a malformed PDU right after the bind
  bool noMessageIds = false;      // accept with an empty message_id, as Kannel's drive_smpp does
  bool keepSubmitted = true;      // keep every submit_sm for submitted(); off for benchmarks
};

class FakeSmsc {
public:
  explicit FakeSmsc(FakeSmscBehaviour behaviour = {});
  ~FakeSmsc();

  int port() const { return port_; }
  int binds() const { return binds_.load(); }
  int submits() const { return submits_.load(); }
  int nacksReceived() const { return nacks_.load(); }
  std::vector<Pdu> submitted() const;  // every submit_sm, in arrival order
  void setBehaviour(FakeSmscBehaviour behaviour);
  // Cuts every connection (an SMSC restart); with a changed password, binds fail after it.
  void closeConnections();
  // Sends a deliver_sm (an inbound SMS) on the first bound connection.
  void sendDeliverSm(Pdu pdu);

private:
  class Connection;
  void accept();

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  FakeSmscBehaviour behaviour_;
  std::vector<Pdu> submitted_;
  std::vector<std::shared_ptr<Connection>> connections_;
  std::atomic<int> binds_{0}, submits_{0}, nacks_{0};
  std::uint64_t nextId_ = 0xA000;
};

}  // namespace pigeon::smpp::test
