#include "smpp_session.h"

#include <algorithm>
#include <cstdio>

#include "pdu_codec.h"

namespace pigeon::smpp {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

constexpr std::uint32_t kInterfaceVersion = 0x34;
constexpr auto kMaxBackoff = std::chrono::seconds(60);

std::uint32_t bindCommand(SmppSession::Role role) {
  switch (role) {
    case SmppSession::Role::kTransmitter:
      return command::kBindTransmitter;
    case SmppSession::Role::kReceiver:
      return command::kBindReceiver;
    default:
      return command::kBindTransceiver;
  }
}

}  // namespace

SmppSession::SmppSession(asio::io_context& io, const SmppSettings& settings, Role role,
                         SessionOwner& owner, std::string name)
    : io_(io),
      settings_(settings),
      role_(role),
      owner_(owner),
      name_(std::move(name)),
      socket_(io),
      resolver_(io),
      reconnectTimer_(io),
      keepAliveTimer_(io),
      readBuffer_(8192) {}

void SmppSession::start() { connect(); }

std::uint32_t SmppSession::nextSequence() {
  // 1 .. 0x7FFFFFFF (SMPP 3.4, 3.2): wraps past the top.
  sequence_ = sequence_ >= 0x7FFFFFFF ? 1 : sequence_ + 1;
  return sequence_;
}

void SmppSession::connect() {
  if (state_ == State::kStopped) return;
  state_ = State::kConnecting;
  auto self = shared_from_this();
  resolver_.async_resolve(
      settings_.host, std::to_string(settings_.port),
      [this, self](const error_code& ec, asio::ip::tcp::resolver::results_type results) {
        if (state_ == State::kStopped) return;
        if (ec) return fail("cannot resolve " + settings_.host + ": " + ec.message());
        asio::async_connect(socket_, results,
                            [this, self](const error_code& ec2, const asio::ip::tcp::endpoint&) {
                              if (state_ == State::kStopped) return;
                              if (ec2) return fail("cannot connect: " + ec2.message());
                              onConnected();
                            });
      });
}

void SmppSession::onConnected() {
  socket_.set_option(asio::ip::tcp::no_delay(true));
  state_ = State::kBinding;
  readUsed_ = 0;
  lastReceived_ = std::chrono::steady_clock::now();
  auto bind = makePdu(bindCommand(role_), nextSequence());
  bind.set("system_id", settings_.systemId);
  bind.set("password", settings_.password);
  bind.set("system_type", settings_.systemType);
  bind.set("interface_version", kInterfaceVersion);
  bindSequence_ = bind.sequence;
  write(bind);
  read();
  armKeepAlive();
}

void SmppSession::read() {
  if (readBuffer_.size() - readUsed_ < 4096) readBuffer_.resize(readBuffer_.size() * 2);
  auto self = shared_from_this();
  socket_.async_read_some(
      asio::buffer(readBuffer_.data() + readUsed_, readBuffer_.size() - readUsed_),
      [this, self](const error_code& ec, std::size_t n) {
        if (state_ == State::kStopped || state_ == State::kIdle) return;
        if (ec)
          return fail(ec == asio::error::eof ? "the SMSC closed the connection"
                                             : "read failed: " + ec.message());
        readUsed_ += n;
        lastReceived_ = std::chrono::steady_clock::now();
        std::size_t at = 0;
        while (true) {
          auto frame = nextFrame({readBuffer_.data() + at, readUsed_ - at});
          if (frame.state == Frame::State::kNeedMore) break;
          if (frame.state == Frame::State::kInvalid)
            return fail("unreadable stream from the SMSC: " + frame.error);
          auto decoded = decodePdu({readBuffer_.data() + at, frame.length});
          at += frame.length;
          if (!decoded.pdu) {
            owner_.note(true, name_ + ": malformed PDU from the SMSC: " + decoded.error);
            write(makePdu(command::kGenericNack, decoded.sequence, decoded.nackStatus));
            continue;
          }
          handle(*decoded.pdu);
          if (state_ == State::kStopped || state_ == State::kIdle) return;
        }
        std::copy(readBuffer_.begin() + static_cast<std::ptrdiff_t>(at),
                  readBuffer_.begin() + static_cast<std::ptrdiff_t>(readUsed_),
                  readBuffer_.begin());
        readUsed_ -= at;
        read();
      });
}

void SmppSession::handle(const Pdu& pdu) {
  switch (pdu.commandId) {
    case command::kBindTransceiver | command::kResponseBit:
    case command::kBindTransmitter | command::kResponseBit:
    case command::kBindReceiver | command::kResponseBit:
      if (pdu.sequence != bindSequence_) return;
      if (pdu.status != status::kOk)
        return fail("bind refused with status 0x" + [&] {
          char hex[9];
          std::snprintf(hex, sizeof hex, "%08x", pdu.status);
          return std::string(hex);
        }());
      state_ = State::kBound;
      backoff_ = std::chrono::seconds(0);
      owner_.note(false, name_ + ": bound as " + settings_.systemId);
      owner_.bindChanged();
      return;
    case command::kSubmitSm | command::kResponseBit:
    case command::kGenericNack: {
      auto it = pending_.find(pdu.sequence);
      if (it == pending_.end()) return;  // a late or unknown answer: nothing waits for it
      const auto ref = it->second;
      pending_.erase(it);
      owner_.partAnswered(ref,
                          pdu.status == status::kOk && pdu.commandId == command::kGenericNack
                              ? status::kSystemError
                              : pdu.status,
                          pdu.text("message_id"));
      return;
    }
    case command::kDeliverSm: {
      auto resp = makePdu(command::kDeliverSm | command::kResponseBit, pdu.sequence);
      write(resp);
      owner_.deliverSm(pdu);
      return;
    }
    case command::kEnquireLink:
      write(makePdu(command::kEnquireLink | command::kResponseBit, pdu.sequence));
      return;
    case command::kEnquireLink | command::kResponseBit:
      enquireOutstanding_ = false;
      return;
    case command::kUnbind:
      write(makePdu(command::kUnbind | command::kResponseBit, pdu.sequence));
      return fail("the SMSC unbound");
    case command::kUnbind | command::kResponseBit:
      return;
    default:
      // A request we do not serve (data_sm from the SMSC, ...): say so rather than stay silent.
      if (!(pdu.commandId & command::kResponseBit))
        write(makePdu(command::kGenericNack, pdu.sequence, status::kInvalidCommandId));
  }
}

void SmppSession::send(Pdu pdu, const PartRef& ref) {
  pdu.sequence = nextSequence();
  pending_[pdu.sequence] = ref;
  write(pdu);
}

void SmppSession::write(const Pdu& pdu) {
  writeQueue_.push_back(encodePdu(pdu));
  flush();
}

void SmppSession::flush() {
  if (writing_ || writeQueue_.empty() || !socket_.is_open()) return;
  writing_ = true;
  // Everything queued goes in one write: a burst of submits costs one system call.
  auto batch = std::make_shared<std::string>();
  while (!writeQueue_.empty()) {
    *batch += writeQueue_.front();
    writeQueue_.pop_front();
  }
  auto self = shared_from_this();
  asio::async_write(socket_, asio::buffer(*batch),
                    [this, self, batch](const error_code& ec, std::size_t) {
                      writing_ = false;
                      if (state_ == State::kStopped) return;
                      if (ec) return fail("write failed: " + ec.message());
                      flush();
                    });
}

void SmppSession::armKeepAlive() {
  keepAliveTimer_.expires_after(std::chrono::seconds(settings_.enquireLinkS));
  auto self = shared_from_this();
  keepAliveTimer_.async_wait([this, self](const error_code& ec) {
    if (ec || state_ == State::kStopped || state_ == State::kIdle || state_ == State::kConnecting)
      return;
    if (enquireOutstanding_) return fail("no answer to enquire_link");
    if (std::chrono::steady_clock::now() - lastReceived_ >=
        std::chrono::seconds(settings_.enquireLinkS)) {
      enquireOutstanding_ = true;
      write(makePdu(command::kEnquireLink, nextSequence()));
    }
    armKeepAlive();
  });
}

void SmppSession::fail(const std::string& why) {
  const bool wasBound = state_ == State::kBound;
  owner_.note(true, name_ + ": " + why);
  error_code ignored;
  socket_.close(ignored);
  keepAliveTimer_.cancel();
  writeQueue_.clear();
  writing_ = false;
  enquireOutstanding_ = false;
  auto lost = std::move(pending_);
  pending_.clear();
  state_ = State::kIdle;
  for (const auto& [sequence, ref] : lost) owner_.partLost(ref, why);
  if (wasBound) owner_.bindChanged();
  scheduleReconnect();
}

void SmppSession::scheduleReconnect() {
  backoff_ = backoff_.count() == 0 ? std::chrono::seconds(settings_.reconnectS)
                                   : std::min(backoff_ * 2, kMaxBackoff);
  reconnectTimer_.expires_after(backoff_);
  auto self = shared_from_this();
  reconnectTimer_.async_wait([this, self](const error_code& ec) {
    if (!ec && state_ == State::kIdle) connect();
  });
}

void SmppSession::stop() {
  const bool wasBound = state_ == State::kBound;
  state_ = State::kStopped;
  reconnectTimer_.cancel();
  keepAliveTimer_.cancel();
  error_code ignored;
  resolver_.cancel();
  auto lost = std::move(pending_);
  pending_.clear();
  for (const auto& [sequence, ref] : lost) owner_.partLost(ref, "the provider stopped");
  if (wasBound && socket_.is_open() && !writing_) {
    // A polite unbind, written directly: nothing else writes once the session is stopped.
    const auto unbind = encodePdu(makePdu(command::kUnbind, nextSequence()));
    socket_.non_blocking(false, ignored);
    asio::write(socket_, asio::buffer(unbind), ignored);
    owner_.bindChanged();
  }
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace pigeon::smpp
