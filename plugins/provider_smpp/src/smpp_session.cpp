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
// An SMSC that has not answered a submit_sm or a bind by then has lost it. Shorter than the
// host's lease (dispatcher.lease_s, 60 s by default), so a message is never out twice at once.
constexpr auto kAnswerTimeout = std::chrono::seconds(30);
constexpr auto kBindTimeout = std::chrono::seconds(10);

std::string hex8(std::uint32_t v) {
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", v);
  return hex;
}

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
      tickTimer_(io),
      readBuffer_(8192) {}

void SmppSession::start() {
  connect();
  tick();
}

void SmppSession::tick() {
  tickTimer_.expires_after(std::chrono::seconds(1));
  auto self = shared_from_this();
  tickTimer_.async_wait([this, self](const error_code& ec) {
    if (ec || state_ == State::kStopped) return;
    const auto now = std::chrono::steady_clock::now();
    if (state_ == State::kBinding && now > bindDeadline_) {
      fail("no answer to the bind within " + std::to_string(kBindTimeout.count()) + " s");
    } else {
      std::vector<PartRef> expired;
      for (auto it = pending_.begin(); it != pending_.end();) {
        if (it->second.deadline < now) {
          expired.push_back(it->second.ref);
          it = pending_.erase(it);
        } else {
          ++it;
        }
      }
      for (const auto& ref : expired)
        owner_.partLost(
            ref, "no submit_sm_resp within " + std::to_string(kAnswerTimeout.count()) + " s");
    }
    tick();
  });
}

std::uint32_t SmppSession::nextSequence() {
  // 1 .. 0x7FFFFFFF (SMPP 3.4, 3.2): wraps past the top.
  sequence_ = sequence_ >= 0x7FFFFFFF ? 1 : sequence_ + 1;
  return sequence_;
}

void SmppSession::connect() {
  if (state_ == State::kStopped) return;
  state_ = State::kConnecting;
  const auto gen = ++generation_;
  auto self = shared_from_this();
  resolver_.async_resolve(
      settings_.host, std::to_string(settings_.port),
      [this, self, gen](const error_code& ec, asio::ip::tcp::resolver::results_type results) {
        if (state_ == State::kStopped || gen != generation_) return;
        if (ec) return fail("cannot resolve " + settings_.host + ": " + ec.message());
        asio::async_connect(
            socket_, results,
            [this, self, gen](const error_code& ec2, const asio::ip::tcp::endpoint&) {
              if (state_ == State::kStopped || gen != generation_) return;
              if (ec2) return fail("cannot connect: " + ec2.message());
              onConnected();
            });
      });
}

void SmppSession::onConnected() {
  error_code ignored;
  socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
  state_ = State::kBinding;
  bindDeadline_ = std::chrono::steady_clock::now() + kBindTimeout;
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
  const auto gen = generation_;
  socket_.async_read_some(
      asio::buffer(readBuffer_.data() + readUsed_, readBuffer_.size() - readUsed_),
      [this, self, gen](const error_code& ec, std::size_t n) {
        if (state_ == State::kStopped || state_ == State::kIdle || gen != generation_) return;
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
            // An unreadable answer to one of our submits still settles that part.
            if (auto it = pending_.find(decoded.sequence); it != pending_.end()) {
              const auto ref = it->second.ref;
              pending_.erase(it);
              owner_.partAnswered(ref, status::kSystemError, "");
            }
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
      if (pdu.status != status::kOk) return fail("bind refused with status 0x" + hex8(pdu.status));
      state_ = State::kBound;
      backoff_ = std::chrono::seconds(0);
      owner_.note(false, name_ + ": bound as " + settings_.systemId);
      owner_.bindChanged();
      return;
    case command::kSubmitSm | command::kResponseBit:
    case command::kGenericNack: {
      if (state_ == State::kBinding && pdu.sequence == bindSequence_)
        return fail("bind answered with generic_nack 0x" + hex8(pdu.status));
      auto it = pending_.find(pdu.sequence);
      if (it == pending_.end()) return;  // a late or unknown answer: nothing waits for it
      const auto ref = it->second.ref;
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

void SmppSession::send(std::string pdu, const PartRef& ref) {
  const auto sequence = nextSequence();
  for (int i = 0; i < 4; ++i)
    pdu[static_cast<std::size_t>(12 + i)] = static_cast<char>(sequence >> (24 - 8 * i));
  pending_[sequence] = {ref, std::chrono::steady_clock::now() + kAnswerTimeout};
  writeBytes(std::move(pdu));
}

// Only PDUs this session builds itself (bind, answers, keep-alives): fields it controls,
// checked at start-up, so encoding cannot fail here.
void SmppSession::write(const Pdu& pdu) { writeBytes(encodePdu(pdu)); }

void SmppSession::writeBytes(std::string bytes) {
  writeQueue_.push_back(std::move(bytes));
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
  const auto gen = generation_;
  asio::async_write(socket_, asio::buffer(*batch),
                    [this, self, batch, gen](const error_code& ec, std::size_t) {
                      if (gen != generation_) return;  // a connection already given up
                      writing_ = false;
                      if (state_ == State::kStopped || state_ == State::kIdle) return;
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
  state_ = State::kIdle;
  loseInFlight(why);
  if (wasBound) owner_.bindChanged();
  ++generation_;  // handlers still queued for this connection now leave it alone
  scheduleReconnect();
}

void SmppSession::loseInFlight(const std::string& why) {
  auto lost = std::move(pending_);
  pending_.clear();
  for (const auto& [sequence, pending] : lost) owner_.partLost(pending.ref, why);
}

void SmppSession::scheduleReconnect() {
  const auto cap = std::max(kMaxBackoff, std::chrono::seconds(settings_.reconnectS));
  backoff_ = backoff_.count() == 0 ? std::chrono::seconds(settings_.reconnectS)
                                   : std::min(backoff_ * 2, cap);
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
  tickTimer_.cancel();
  error_code ignored;
  resolver_.cancel();
  loseInFlight("the provider stopped");
  if (wasBound && socket_.is_open() && !writing_) {
    // A polite unbind, tried once without blocking: an SMSC that stopped reading must not
    // hold up the host's shutdown. Its unbind_resp is not waited for.
    const auto unbind = encodePdu(makePdu(command::kUnbind, nextSequence()));
    socket_.non_blocking(true, ignored);
    socket_.write_some(asio::buffer(unbind), ignored);
  }
  if (wasBound) owner_.bindChanged();
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace pigeon::smpp
