#pragma once
// pigeon.provider.smpp: an ESME. submit() turns a message into its submit_sm parts and hands
// them to a bound session on the I/O thread at once (never waiting on the network); answers
// come back through HostContext when the SMSC gives them. A message is submitted once every
// part is accepted, and delivered once every part's receipt says so.

#include <utility>  // before Asio: Boost 1.74 uses std::exchange without including it

#include <boost/asio.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "pigeon/sdk/host_context.h"
#include "pigeon/sdk/provider/provider.h"
#include "smpp_session.h"
#include "smpp_settings.h"

namespace pigeon::smpp {

class SmppProvider : public sdk::Provider, private SessionOwner {
public:
  SmppProvider(SmppSettings settings, sdk::HostContext& host);
  ~SmppProvider() override;

  sdk::Status start() override;
  void stop() override;
  sdk::Status submit(const sdk::OutboundMessage& message) override;
  sdk::Result<sdk::Balance> balance() override;
  sdk::ProviderCapabilities capabilities() const override;
  sdk::ProviderStats stats() const override;

  int boundTransmitters() const { return boundTransmitters_.load(); }

private:
  struct Submission {  // a message whose parts await their submit_sm_resp
    int parts = 0;
    int answered = 0;
    std::vector<std::string> smscIds;
    std::optional<sdk::Status> failure;
    bool missingId = false;  // a part was accepted without a message_id
  };
  struct Delivery {  // a submitted message whose parts await their receipts
    int remaining = 0;
    std::string firstSmscId;
    std::optional<sdk::DeliveryState> worst;
    std::string errorCode;
    std::chrono::steady_clock::time_point since = std::chrono::steady_clock::now();
  };
  struct MoParts {  // an inbound concatenated SMS being collected
    std::vector<std::optional<std::string>> parts;
    std::chrono::steady_clock::time_point since = std::chrono::steady_clock::now();
  };

  // SessionOwner, on the I/O thread
  void partAnswered(const PartRef& ref, std::uint32_t status, const std::string& smscId) override;
  void partLost(const PartRef& ref, const std::string& why) override;
  void deliverSm(const Pdu& pdu) override;
  void bindChanged() override;
  void note(bool error, const std::string& text) override;

  void finishPart(const PartRef& ref, std::optional<sdk::Status> failure,
                  const std::string& smscId);
  void reportIfDelivered(std::int64_t messageId);
  void receipt(const Pdu& pdu);
  void inbound(const Pdu& pdu);
  bool takeTpsTokens(int n);
  void sweep();  // once a minute on the I/O thread: forgets what will not come any more
  void runIo();

  SmppSettings settings_;
  sdk::HostContext& host_;
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
  std::vector<std::shared_ptr<SmppSession>> sessions_;
  std::atomic<bool> running_{false};
  std::atomic<int> boundTransmitters_{0};
  std::atomic<int> outstanding_{0};  // parts handed over and not yet answered
  std::atomic<std::uint16_t> reference_{0};
  std::size_t nextSession_ = 0;                               // I/O thread
  std::unordered_map<std::int64_t, Submission> submissions_;  // I/O thread
  std::unordered_map<std::string, std::int64_t> receiptIds_;  // I/O thread: smsc id -> msg
  std::unordered_map<std::int64_t, Delivery> deliveries_;     // I/O thread
  std::unordered_map<std::string, MoParts> moParts_;          // I/O thread
  std::optional<boost::asio::steady_timer> sweepTimer_;       // I/O thread
  // After an SMSC's throttling answer submit() refuses until then (steady clock, ms), so the
  // host pauses the instance instead of sending at full rate.
  std::atomic<std::int64_t> pausedUntilMs_{0};
  std::mutex tpsMutex_;
  std::chrono::steady_clock::time_point tpsSecond_{};
  int tpsUsed_ = 0;
};

}  // namespace pigeon::smpp
