#include "fake_smsc.h"

#include <cstdio>
#include <deque>

#include "pdu_codec.h"

namespace pigeon::smpp::test {

namespace asio = boost::asio;
using boost::system::error_code;

class FakeSmsc::Connection : public std::enable_shared_from_this<Connection> {
public:
  Connection(FakeSmsc& smsc, asio::ip::tcp::socket socket)
      : smsc_(smsc), socket_(std::move(socket)), buffer_(70000 * 2) {}

  void start() { read(); }
  bool bound() const { return bound_; }

  void send(const Pdu& pdu) { sendRaw(encodePdu(pdu)); }
  // One write at a time, in order: Asio does not allow two async_writes on a socket at once.
  void sendRaw(std::string raw) {
    queue_.push_back(std::move(raw));
    if (!writing_) writeNext();
  }
  std::uint32_t nextSequence() { return ++sequence_; }
  void close() {
    error_code ignored;
    socket_.close(ignored);
  }

private:
  void writeNext() {
    if (queue_.empty()) {
      writing_ = false;
      return;
    }
    writing_ = true;
    auto bytes = std::make_shared<std::string>(std::move(queue_.front()));
    queue_.pop_front();
    auto self = shared_from_this();
    asio::async_write(socket_, asio::buffer(*bytes),
                      [this, self, bytes](const error_code& ec, std::size_t) {
                        if (ec) return;
                        writeNext();
                      });
  }

  void read() {
    auto self = shared_from_this();
    socket_.async_read_some(asio::buffer(buffer_.data() + used_, buffer_.size() - used_),
                            [this, self](const error_code& ec, std::size_t n) {
                              if (ec) return;
                              used_ += n;
                              std::size_t at = 0;
                              while (true) {
                                auto f = nextFrame({buffer_.data() + at, used_ - at});
                                if (f.state != Frame::State::kComplete) break;
                                auto d = decodePdu({buffer_.data() + at, f.length});
                                at += f.length;
                                if (d.pdu && !handle(*d.pdu)) return;
                              }
                              std::copy(buffer_.begin() + static_cast<long>(at),
                                        buffer_.begin() + static_cast<long>(used_),
                                        buffer_.begin());
                              used_ -= at;
                              read();
                            });
  }

  // false: the connection was closed on purpose
  bool handle(const Pdu& pdu) {
    FakeSmscBehaviour b;
    {
      std::lock_guard lock(smsc_.mutex_);
      b = smsc_.behaviour_;
    }
    const auto respId = pdu.commandId | command::kResponseBit;
    switch (pdu.commandId) {
      case command::kBindTransceiver:
      case command::kBindTransmitter:
      case command::kBindReceiver: {
        const bool ok = pdu.text("password") == b.password;
        auto resp = makePdu(respId, pdu.sequence, ok ? 0 : 0x0E /* ESME_RINVPASWD */);
        if (ok) resp.set("system_id", std::string("fakesmsc"));
        send(resp);
        if (ok) {
          bound_ = true;
          ++smsc_.binds_;
          if (b.garbageAfterBind)  // a PDU with a command_id nobody knows, then a short one
            sendRaw(std::string("\x00\x00\x00\x10\x00\x00\x00\x77\x00\x00\x00\x00\x00\x00\x00\x09",
                                16));
        }
        return true;
      }
      case command::kSubmitSm: {
        const int n = ++smsc_.submits_;
        if (b.keepSubmitted) {
          std::lock_guard lock(smsc_.mutex_);
          smsc_.submitted_.push_back(pdu);
        }
        if (b.dropAfter >= 0 && n >= b.dropAfter) {
          error_code ignored;
          socket_.close(ignored);
          return false;
        }
        if (b.silentAfter >= 0 && n > b.silentAfter) return true;
        if (b.throttleEvery > 0 && n % b.throttleEvery == 0) {
          send(makePdu(respId, pdu.sequence, status::kThrottled));
          return true;
        }
        std::string id;
        {
          std::lock_guard lock(smsc_.mutex_);
          char hex[20];
          std::snprintf(hex, sizeof hex, "%llX", static_cast<unsigned long long>(smsc_.nextId_++));
          id = hex;
        }
        auto resp = makePdu(respId, pdu.sequence);
        resp.set("message_id", b.noMessageIds ? std::string() : id);
        send(resp);
        if (b.receipts && !b.noMessageIds) {
          auto dlr = makePdu(command::kDeliverSm, nextSequence());
          const auto text = "id:" + id + " sub:001 dlvrd:001 submit date:2611241200 done date:" +
                            "2611241200 stat:DELIVRD err:000 text:";
          dlr.set("source_addr", pdu.text("destination_addr"));
          dlr.set("esm_class", 0x04u);
          dlr.set("sm_length", static_cast<std::uint32_t>(text.size()));
          dlr.set("short_message", text);
          send(dlr);
        }
        return true;
      }
      case command::kEnquireLink:
      case command::kUnbind:
        send(makePdu(respId, pdu.sequence));
        return true;
      case command::kGenericNack:
        ++smsc_.nacks_;
        return true;
      default:
        return true;  // deliver_sm_resp and the like
    }
  }

  FakeSmsc& smsc_;
  asio::ip::tcp::socket socket_;
  std::vector<std::uint8_t> buffer_;
  std::size_t used_ = 0;
  std::uint32_t sequence_ = 0;
  bool bound_ = false;
  std::deque<std::string> queue_;
  bool writing_ = false;
};

FakeSmsc::FakeSmsc(FakeSmscBehaviour behaviour)
    : acceptor_(io_, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
      behaviour_(std::move(behaviour)) {
  port_ = acceptor_.local_endpoint().port();
  accept();
  thread_ = std::thread([this] { io_.run(); });
}

FakeSmsc::~FakeSmsc() {
  asio::post(io_, [this] {
    error_code ignored;
    acceptor_.close(ignored);
    connections_.clear();
  });
  io_.stop();
  thread_.join();
}

void FakeSmsc::accept() {
  acceptor_.async_accept([this](const error_code& ec, asio::ip::tcp::socket socket) {
    if (ec) return;
    auto c = std::make_shared<Connection>(*this, std::move(socket));
    connections_.push_back(c);
    c->start();
    accept();
  });
}

std::vector<Pdu> FakeSmsc::submitted() const {
  std::lock_guard lock(mutex_);
  return submitted_;
}

void FakeSmsc::setBehaviour(FakeSmscBehaviour behaviour) {
  std::lock_guard lock(mutex_);
  behaviour_ = std::move(behaviour);
}

void FakeSmsc::closeConnections() {
  asio::post(io_, [this] {
    for (auto& c : connections_) c->close();
    connections_.clear();
  });
}

void FakeSmsc::sendDeliverSm(Pdu pdu) {
  asio::post(io_, [this, pdu]() mutable {
    for (auto& c : connections_)
      if (c->bound()) {
        pdu.sequence = c->nextSequence();
        c->send(pdu);
        return;
      }
  });
}

}  // namespace pigeon::smpp::test
