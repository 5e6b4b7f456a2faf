#include "smpp_provider.h"

#include <algorithm>
#include <cstdio>
#include <future>
#include <stdexcept>

#include "outbound_parts.h"
#include "pdu_codec.h"
#include "pigeon/sdk/text/sms_text.h"
#include "receipt.h"

namespace pigeon::smpp {

namespace {

enum class Outcome { kThrottled, kTemporary, kPermanent, kNoRoute };

// SMSC answers that are not worth a retry; throttling pauses the instance; the rest (system
// errors, queue trouble, codes this table does not know) are retried.
struct StatusRule {
  std::uint32_t status;
  Outcome outcome;
  const char* name;
};
constexpr StatusRule kStatusRules[] = {
    {0x00000058, Outcome::kThrottled, "ESME_RTHROTTLED"},
    {0x00000014, Outcome::kThrottled, "ESME_RMSGQFUL"},
    {0x00000001, Outcome::kPermanent, "ESME_RINVMSGLEN"},
    {0x0000000A, Outcome::kPermanent, "ESME_RINVSRCADR"},
    // Many SMSCs answer an address they have no route for this way: another provider may.
    {0x0000000B, Outcome::kNoRoute, "ESME_RINVDSTADR"},
    {0x00000033, Outcome::kPermanent, "ESME_RINVNUMDESTS"},
    {0x00000040, Outcome::kPermanent, "ESME_RINVDESTFLAG"},
    {0x00000043, Outcome::kPermanent, "ESME_RINVESMCLASS"},
    {0x00000048, Outcome::kPermanent, "ESME_RINVSRCTON"},
    {0x00000049, Outcome::kPermanent, "ESME_RINVSRCNPI"},
    {0x00000050, Outcome::kPermanent, "ESME_RINVDSTTON"},
    {0x00000051, Outcome::kPermanent, "ESME_RINVDSTNPI"},
    {0x00000008, Outcome::kTemporary, "ESME_RSYSERR"},
    {0x00000045, Outcome::kTemporary, "ESME_RSUBMITFAIL"},
};

sdk::Status statusFor(std::uint32_t code) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%08x", code);
  for (const auto& r : kStatusRules)
    if (r.status == code) {
      const auto text = std::string("SMSC answered ") + r.name + " (" + hex + ")";
      if (r.outcome == Outcome::kThrottled) return sdk::Status::throttled(text, r.name);
      if (r.outcome == Outcome::kPermanent) return sdk::Status::permanent(text, r.name);
      if (r.outcome == Outcome::kNoRoute) return sdk::Status::noRoute(text, r.name);
      return sdk::Status::temporary(text, r.name);
    }
  return sdk::Status::temporary(std::string("SMSC answered ") + hex, hex);
}

constexpr auto kReceiptWait = std::chrono::hours(72);  // receipts later than this never come
constexpr auto kMoPartWait = std::chrono::minutes(10);
constexpr std::size_t kMaxMoMessages = 10000;  // concatenated inbound SMS collected at once
constexpr auto kThrottlePause = std::chrono::seconds(1);

std::int64_t steadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string decodeText(const std::string& bytes, std::uint32_t dataCoding) {
  if (dataCoding == 8) return sdk::text::decodeUcs2(bytes);
  if (dataCoding == 1) {  // IA5: ASCII
    std::string out;
    for (char c : bytes) out += static_cast<char>(c & 0x7F);
    return out;
  }
  if (dataCoding == 3) {  // Latin-1
    std::string out;
    for (unsigned char c : bytes) {
      if (c < 0x80) {
        out += static_cast<char>(c);
      } else {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
      }
    }
    return out;
  }
  return sdk::text::decodeGsm7(bytes);
}

}  // namespace

SmppProvider::SmppProvider(SmppSettings settings, sdk::HostContext& host)
    : settings_(std::move(settings)), host_(host) {}

SmppProvider::~SmppProvider() { stop(); }

sdk::Status SmppProvider::start() {
  if (running_) return sdk::Status::ok();
  io_.restart();
  work_.emplace(io_.get_executor());
  SessionOwner& owner = *this;  // a private base: converted here, where it is accessible
  for (int i = 0; i < settings_.binds; ++i) {
    const auto name = "bind " + std::to_string(i + 1);
    if (settings_.bindMode == BindMode::kTransceiver) {
      sessions_.push_back(std::make_shared<SmppSession>(
          io_, settings_, SmppSession::Role::kTransceiver, owner, name));
    } else {
      sessions_.push_back(std::make_shared<SmppSession>(
          io_, settings_, SmppSession::Role::kTransmitter, owner, name + " (transmitter)"));
      sessions_.push_back(std::make_shared<SmppSession>(
          io_, settings_, SmppSession::Role::kReceiver, owner, name + " (receiver)"));
    }
  }
  for (auto& s : sessions_) boost::asio::post(io_, [s] { s->start(); });
  sweepTimer_.emplace(io_);
  boost::asio::post(io_, [this] { sweep(); });
  try {
    thread_ = std::thread([this] { runIo(); });
  } catch (const std::system_error& e) {
    work_.reset();
    sessions_.clear();
    return sdk::Status::internal(std::string("cannot start the SMPP thread: ") + e.what());
  }
  running_ = true;
  return sdk::Status::ok();
}

void SmppProvider::runIo() {
  // A handler that throws must not end the host (an uncaught exception on a thread would):
  // it is logged and the loop goes on.
  while (true) {
    try {
      io_.run();
      return;
    } catch (const std::exception& e) {
      note(true, std::string("SMPP I/O error: ") + e.what());
    }
  }
}

void SmppProvider::sweep() {
  const auto now = std::chrono::steady_clock::now();
  for (auto it = deliveries_.begin(); it != deliveries_.end();)
    it = now - it->second.since > kReceiptWait ? deliveries_.erase(it) : std::next(it);
  for (auto it = receiptIds_.begin(); it != receiptIds_.end();)
    it = deliveries_.count(it->second) ? std::next(it) : receiptIds_.erase(it);
  for (auto it = moParts_.begin(); it != moParts_.end();)
    it = now - it->second.since > kMoPartWait ? moParts_.erase(it) : std::next(it);
  sweepTimer_->expires_after(std::chrono::minutes(1));
  sweepTimer_->async_wait([this](const boost::system::error_code& ec) {
    if (!ec) sweep();
  });
}

void SmppProvider::stop() {
  if (!running_.exchange(false)) return;
  std::promise<void> stopped;
  boost::asio::post(io_, [this, &stopped] {
    for (auto& s : sessions_) s->stop();
    if (sweepTimer_) sweepTimer_->cancel();
    stopped.set_value();
  });
  stopped.get_future().wait();
  work_.reset();
  io_.stop();
  if (thread_.joinable()) thread_.join();
  sessions_.clear();
}

bool SmppProvider::takeTpsTokens(int n) {
  if (settings_.maxTps == 0) return true;
  std::lock_guard lock(tpsMutex_);
  const auto now = std::chrono::steady_clock::now();
  if (now - tpsSecond_ >= std::chrono::seconds(1)) {
    tpsSecond_ = now;
    tpsUsed_ = 0;
  }
  if (tpsUsed_ + n > settings_.maxTps && tpsUsed_ > 0) return false;
  tpsUsed_ += n;
  return true;
}

sdk::Status SmppProvider::submit(const sdk::OutboundMessage& message) {
  if (!running_) return sdk::Status::temporary("the SMPP provider is not running");
  const int binds = boundTransmitters_.load();
  if (binds == 0) return sdk::Status::temporary("no bind to the SMSC is up");
  if (steadyMs() < pausedUntilMs_.load())
    return sdk::Status::throttled("the SMSC asked to slow down");
  auto built = buildParts(message, settings_, reference_.fetch_add(1));
  if (!built.error.empty()) return sdk::Status::permanent(built.error);
  // Encoded here, on the caller's thread: a value that does not fit its field (a sender with a
  // NUL, say) is this message's permanent error, never an exception on the I/O thread.
  std::vector<std::string> pdus;
  try {
    for (const auto& pdu : built.pdus) pdus.push_back(encodePdu(pdu));
  } catch (const std::invalid_argument& e) {
    return sdk::Status::permanent(e.what());
  }
  const int parts = static_cast<int>(pdus.size());
  // The window is per bind, counted across binds; a message longer than the whole window
  // still goes when nothing else is out, or it could never go at all.
  const int out = outstanding_.load();
  if (out > 0 && out + parts > settings_.window * binds)
    return sdk::Status::throttled("the SMPP window is full");
  if (!takeTpsTokens(parts)) return sdk::Status::throttled("max_tps reached");
  outstanding_ += parts;
  boost::asio::post(io_, [this, id = message.id, pdus = std::move(pdus)]() mutable {
    std::shared_ptr<SmppSession> session;
    for (std::size_t tried = 0; tried < sessions_.size() && !session; ++tried) {
      auto& candidate = sessions_[nextSession_++ % sessions_.size()];
      if (candidate->bound() && candidate->transmits()) session = candidate;
    }
    auto& submission = submissions_[id];
    submission = Submission{static_cast<int>(pdus.size()), 0, std::vector<std::string>(pdus.size()),
                            std::nullopt, false};
    for (std::size_t i = 0; i < pdus.size(); ++i) {
      const PartRef ref{id, static_cast<int>(i)};
      if (session)
        session->send(std::move(pdus[i]), ref);
      else
        partLost(ref, "the bind went down before the message was sent");
    }
  });
  return sdk::Status::ok();
}

void SmppProvider::finishPart(const PartRef& ref, std::optional<sdk::Status> failure,
                              const std::string& smscId) {
  --outstanding_;
  auto it = submissions_.find(ref.messageId);
  if (it == submissions_.end()) return;
  auto& s = it->second;
  if (failure && !s.failure) s.failure = failure;
  // Accepted without a message_id (Kannel's drive_smpp answers so): sent all the same, but no
  // receipt can name that part, so the message is never reported delivered by this plugin.
  if (!failure && smscId.empty()) s.missingId = true;
  if (!failure && !smscId.empty() && ref.part < static_cast<int>(s.smscIds.size())) {
    s.smscIds[ref.part] = smscId;
    // Receipts may come before the other parts are answered: they count from now on.
    receiptIds_[normaliseMessageId(smscId)] = ref.messageId;
    auto& d = deliveries_.try_emplace(ref.messageId, Delivery{s.parts, "", std::nullopt, ""})
                  .first->second;
    if (ref.part == 0) d.firstSmscId = smscId;
  }
  if (++s.answered < s.parts) return;
  const auto done = std::move(s);
  submissions_.erase(it);
  if (done.failure) {
    // The host sends the whole message again: receipts for the parts that did go are moot.
    for (const auto& id : done.smscIds)
      if (!id.empty()) receiptIds_.erase(normaliseMessageId(id));
    deliveries_.erase(ref.messageId);
    host_.submitted({ref.messageId, *done.failure, ""});
    return;
  }
  if (done.missingId) {
    deliveries_.erase(ref.messageId);
    for (const auto& id : done.smscIds)
      if (!id.empty()) receiptIds_.erase(normaliseMessageId(id));
    host_.submitted({ref.messageId, sdk::Status::ok(), "noid-" + std::to_string(ref.messageId)});
    return;
  }
  // The id as receipts will name it, so one after a restart finds the message by it.
  host_.submitted({ref.messageId, sdk::Status::ok(), normaliseMessageId(done.smscIds.front())});
  reportIfDelivered(ref.messageId);
}

void SmppProvider::reportIfDelivered(std::int64_t messageId) {
  auto d = deliveries_.find(messageId);
  if (d == deliveries_.end() || d->second.remaining > 0 || submissions_.count(messageId)) return;
  const auto& delivery = d->second;
  host_.deliveryReport({messageId, normaliseMessageId(delivery.firstSmscId),
                        delivery.worst.value_or(sdk::DeliveryState::kDelivered),
                        delivery.errorCode});
  deliveries_.erase(d);
}

void SmppProvider::partAnswered(const PartRef& ref, std::uint32_t status,
                                const std::string& smscId) {
  if (status == status::kThrottled || status == status::kMessageQueueFull)
    pausedUntilMs_ = steadyMs() + std::chrono::milliseconds(kThrottlePause).count();
  finishPart(ref, status == status::kOk ? std::nullopt : std::optional(statusFor(status)), smscId);
}

void SmppProvider::partLost(const PartRef& ref, const std::string& why) {
  finishPart(ref, sdk::Status::temporary("no answer from the SMSC (" + why + ")"), "");
}

void SmppProvider::deliverSm(const Pdu& pdu) {
  if (isReceipt(pdu))
    receipt(pdu);
  else
    inbound(pdu);
}

void SmppProvider::receipt(const Pdu& pdu) {
  auto r = parseReceipt(pdu, settings_.dlrIdFormat);
  if (!r) return note(true, "a delivery receipt without an id or a known state was ignored");
  if (!r->state) return;  // ENROUTE, ACCEPTD: not final
  auto id = receiptIds_.find(r->smscMessageId);
  if (id == receiptIds_.end()) {
    // Sent before a restart: the host finds the message by the id it stored.
    host_.deliveryReport({0, r->smscMessageId, *r->state, r->errorCode});
    return;
  }
  const auto messageId = id->second;
  receiptIds_.erase(id);
  auto d = deliveries_.find(messageId);
  if (d == deliveries_.end()) return;
  auto& delivery = d->second;
  if (*r->state != sdk::DeliveryState::kDelivered && !delivery.worst) {
    delivery.worst = r->state;
    delivery.errorCode = r->errorCode;
  }
  --delivery.remaining;
  reportIfDelivered(messageId);  // waits, if other parts still await their submit_sm_resp
}

void SmppProvider::inbound(const Pdu& pdu) {
  auto bytes = pdu.text("short_message");
  if (bytes.empty())
    if (const auto* payload = pdu.findTlv(tlv::kMessagePayload)) bytes = payload->value;
  const auto coding = pdu.integer("data_coding");
  const auto from = pdu.text("source_addr");
  const auto to = pdu.text("destination_addr");
  std::string key;
  int total = 1, seq = 1;
  // A concatenated MO: collect the parts (UDH, 8- or 16-bit reference) before handing it on.
  // The key holds everything that tells two long messages apart.
  if ((pdu.integer("esm_class") & 0x40) && !bytes.empty()) {
    const auto udhLength = static_cast<std::size_t>(static_cast<unsigned char>(bytes[0])) + 1;
    if (udhLength > bytes.size()) return note(true, "an inbound SMS with a broken UDH was dropped");
    const auto udh = bytes.substr(1, udhLength - 1);
    auto octet = [&](std::size_t i) {
      return static_cast<unsigned>(static_cast<unsigned char>(udh[i]));
    };
    if (udh.size() >= 5 && udh[0] == 0x00 && udh[1] == 0x03) {
      key = "8/" + std::to_string(octet(2));
      total = static_cast<int>(octet(3));
      seq = static_cast<int>(octet(4));
    } else if (udh.size() >= 6 && udh[0] == 0x08 && udh[1] == 0x04) {
      key = "16/" + std::to_string((octet(2) << 8) | octet(3));
      total = static_cast<int>(octet(4));
      seq = static_cast<int>(octet(5));
    }
    key += "/" + std::to_string(total) + "/" + from + "/" + to;
    bytes = bytes.substr(udhLength);
  }
  auto text = decodeText(bytes, coding);
  if (total > 1 && seq >= 1 && seq <= total) {
    if (!moParts_.count(key) && moParts_.size() >= kMaxMoMessages)
      return note(true, "too many long inbound SMS being collected; a part was dropped");
    auto& collecting = moParts_[key];
    collecting.parts.resize(static_cast<std::size_t>(total));
    collecting.parts[static_cast<std::size_t>(seq - 1)] = std::move(text);
    for (const auto& p : collecting.parts)
      if (!p) return;  // more to come
    text.clear();
    for (const auto& p : collecting.parts) text += *p;
    moParts_.erase(key);
  }
  // A number gets its '+'; an alphanumeric sender stays as it is.
  const bool number = !from.empty() && std::all_of(from.begin(), from.end(),
                                                   [](char c) { return c >= '0' && c <= '9'; });
  host_.inbound({number ? "+" + from : from, to, text, ""});
}

void SmppProvider::bindChanged() {
  int bound = 0;
  for (const auto& s : sessions_)
    if (s->bound() && s->transmits()) ++bound;
  boundTransmitters_ = bound;
}

void SmppProvider::note(bool error, const std::string& text) {
  host_.log(error ? sdk::LogLevel::kWarning : sdk::LogLevel::kInfo, text);
}

sdk::Result<sdk::Balance> SmppProvider::balance() {
  return sdk::Status::permanent("SMPP has no balance query");
}

sdk::ProviderCapabilities SmppProvider::capabilities() const {
  sdk::ProviderCapabilities c;
  c.maxParts = 255;
  c.inboundPush = true;
  return c;
}

sdk::ProviderStats SmppProvider::stats() const {
  sdk::ProviderStats s;
  const int binds = boundTransmitters_.load();
  s.connected = running_ && binds > 0;
  s.connections = binds;
  s.connectionsWanted = settings_.binds;
  s.windowUsed = outstanding_.load();
  s.windowSize = settings_.window * binds;  // the window counts the binds that are up
  return s;
}

}  // namespace pigeon::smpp
