#pragma once
// One SMPP bind over TCP (Boost.Asio), driven on the provider's I/O thread: connect, bind,
// keep alive with enquire_link, send submit_sm within a window of outstanding sequence numbers,
// answer what the SMSC sends, and start over with a growing pause when anything breaks.
// Everything here runs on that one thread; the owner is told about answers, losses and
// incoming deliver_sm through SessionOwner.

#include <utility>  // before Asio: Boost 1.74 uses std::exchange without including it

#include <boost/asio.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "pdu.h"
#include "smpp_settings.h"

namespace pigeon::smpp {

// Which message and part a submit_sm carries.
struct PartRef {
  std::int64_t messageId = 0;
  int part = 0;
};

class SessionOwner {
public:
  virtual ~SessionOwner() = default;
  // submit_sm_resp or generic_nack for a part.
  virtual void partAnswered(const PartRef& ref, std::uint32_t status,
                            const std::string& smscMessageId) = 0;
  // The bind went down before the SMSC answered the part: it may or may not have it.
  virtual void partLost(const PartRef& ref, const std::string& why) = 0;
  virtual void deliverSm(const Pdu& pdu) = 0;
  virtual void bindChanged() = 0;  // a bind came up or went down
  virtual void note(bool error, const std::string& text) = 0;
};

class SmppSession : public std::enable_shared_from_this<SmppSession> {
public:
  enum class Role { kTransceiver, kTransmitter, kReceiver };

  SmppSession(boost::asio::io_context& io, const SmppSettings& settings, Role role,
              SessionOwner& owner, std::string name);

  void start();
  // Unbinds (waiting briefly for unbind_resp) and closes; lost parts are reported.
  void stop();

  bool bound() const { return state_ == State::kBound; }
  bool transmits() const { return role_ != Role::kReceiver; }
  // An encoded submit_sm (its sequence number is written in here).
  void send(std::string pdu, const PartRef& ref);

private:
  enum class State { kIdle, kConnecting, kBinding, kBound, kUnbinding, kStopped };

  struct Pending {
    PartRef ref;
    std::chrono::steady_clock::time_point deadline;
  };

  void connect();
  void onConnected();
  void tick();  // once a second: bind and answer deadlines
  void read();
  void handle(const Pdu& pdu);
  void write(const Pdu& pdu);
  void flush();
  void fail(const std::string& why);  // drops the connection, reports losses, reconnects
  void writeBytes(std::string bytes);
  void loseInFlight(const std::string& why);  // every part awaiting an answer, reported lost
  void scheduleReconnect();
  void armKeepAlive();
  std::uint32_t nextSequence();

  boost::asio::io_context& io_;
  const SmppSettings& settings_;
  Role role_;
  SessionOwner& owner_;
  std::string name_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::steady_timer reconnectTimer_;
  boost::asio::steady_timer keepAliveTimer_;
  boost::asio::steady_timer tickTimer_;
  State state_ = State::kIdle;
  std::uint32_t sequence_ = 0;
  std::vector<std::uint8_t> readBuffer_;
  std::size_t readUsed_ = 0;
  std::deque<std::string> writeQueue_;
  bool writing_ = false;
  std::unordered_map<std::uint32_t, Pending> pending_;  // sequence -> part awaiting its resp
  // Counts connections: a handler from an earlier one finds a different number and leaves.
  std::uint64_t generation_ = 0;
  std::chrono::steady_clock::time_point bindDeadline_;
  std::chrono::steady_clock::time_point lastReceived_;
  bool enquireOutstanding_ = false;
  std::chrono::seconds backoff_{0};
  std::uint32_t bindSequence_ = 0;
};

}  // namespace pigeon::smpp
