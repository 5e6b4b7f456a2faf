#include "providers/provider_instance.h"

#include <algorithm>

#include <cmath>

#include "outbox/clock.h"
#include "plugins/call_within.h"
#include "plugins/guarded_call.h"

namespace pigeon::host {

namespace {

// Provider ids and codes go into indexed columns: printable ASCII, at most 128 bytes. A plugin
// that sends more (or bytes that are not text) must not make the store refuse the report.
std::string cleanProviderText(const std::string& s) {
  std::string out;
  out.reserve(std::min<std::size_t>(s.size(), 128));
  for (char ch : s) {
    if (out.size() == 128) break;
    out += (ch > 0x20 && ch < 0x7f) ? ch : '?';
  }
  return out;
}

}  // namespace

ProviderInstance::ProviderInstance(std::string name, std::string plugin, ProviderEvents& events)
    : name_(std::move(name)),
      plugin_(std::move(plugin)),
      events_(events),
      logger_(Poco::Logger::get("provider." + name_)) {}

ProviderInstance::~ProviderInstance() { stop(); }

sdk::Status ProviderInstance::attach(std::shared_ptr<sdk::Provider> provider) {
  provider_ = std::move(provider);
  auto status = guardedCall(plugin_ + " start", [&] { return provider_->start(); });
  if (!status.isOk()) {
    markFailed(status.message());
    return status;
  }
  state_ = State::kRunning;
  return status;
}

void ProviderInstance::markFailed(const std::string& reason) {
  std::lock_guard lock(mutex_);
  failure_ = reason;
  state_ = State::kFailed;
}

void ProviderInstance::stop() {
  // The state changes first, so no submit starts; the lock then waits for one that has.
  auto expected = State::kRunning;
  if (!state_.compare_exchange_strong(expected, State::kStopped)) {
    expected = State::kStarting;
    state_.compare_exchange_strong(expected, State::kStopped);
    return;
  }
  std::unique_lock lock(callMutex_);
  try {
    provider_->stop();
  } catch (...) {
    logger_.error("%s threw in stop()", plugin_);
  }
}

const char* ProviderInstance::stateName() const {
  switch (state_.load()) {
    case State::kStarting:
      return "starting";
    case State::kRunning:
      return "running";
    case State::kFailed:
      return "failed";
    case State::kStopped:
      return "stopped";
  }
  return "unknown";
}

std::string ProviderInstance::failure() const {
  std::lock_guard lock(mutex_);
  return failure_;
}

sdk::Status ProviderInstance::submit(const sdk::OutboundMessage& message) {
  std::shared_lock lock(callMutex_);
  if (state_ != State::kRunning)
    return sdk::Status::temporary("provider instance '" + name_ + "' is " + stateName());
  submits_.fetch_add(1, std::memory_order_relaxed);
  rate_.add(nowMs() / 1000);
  auto status = guardedCall(plugin_ + " submit", [&] { return provider_->submit(message); });
  if (!status.isOk()) errors_.fetch_add(1, std::memory_order_relaxed);
  return status;
}

void ProviderInstance::setCallbackSecret(std::string secret) {
  std::lock_guard lock(mutex_);
  callbackSecret_ = std::move(secret);
}

bool ProviderInstance::acceptsCallbackSecret(std::string_view presented) const {
  std::lock_guard lock(mutex_);
  if (callbackSecret_.empty() || presented.size() != callbackSecret_.size()) return false;
  // Every byte compared whatever the first difference: the time taken tells nothing.
  unsigned char difference = 0;
  for (std::size_t i = 0; i < presented.size(); ++i)
    difference |= static_cast<unsigned char>(presented[i] ^ callbackSecret_[i]);
  return difference == 0;
}

sdk::CallbackResponse ProviderInstance::callback(const sdk::CallbackRequest& request) {
  std::shared_lock lock(callMutex_);
  if (state_ != State::kRunning)
    return {503, "text/plain", "provider instance '" + name_ + "' is " + stateName()};
  try {
    return provider_->callback(request);
  } catch (const std::exception& e) {
    logger_.error("%s threw in callback(): %s", plugin_, std::string(e.what()));
  } catch (...) {
    logger_.error("%s threw in callback()", plugin_);
  }
  return {500, "text/plain", "the provider plugin failed on this callback"};
}

sdk::ProviderStats ProviderInstance::stats() const {
  if (state_ != State::kRunning) return {.connected = false};
  try {
    return provider_->stats();
  } catch (...) {
    return {.connected = false};  // a plugin that throws here is not one to route to
  }
}

namespace {

// Whatever a plugin answers, the page shows a number and a short currency, or an error.
sdk::Result<sdk::Balance> checkedBalance(const std::string& plugin,
                                         sdk::Result<sdk::Balance> answer) {
  if (!answer) return answer;
  const auto& b = answer.value();
  if (!std::isfinite(b.amount))
    return sdk::Status::internal(plugin + " balance() returned an amount that is not a number");
  const bool printable = std::all_of(b.currency.begin(), b.currency.end(),
                                     [](char ch) { return ch > 0x20 && ch < 0x7f; });
  if (b.currency.empty() || b.currency.size() > 16 || !printable)
    return sdk::Status::internal(plugin +
                                 " balance() returned an invalid currency (1 to 16 printable "
                                 "ASCII characters expected)");
  return answer;
}

}  // namespace

sdk::Result<sdk::Balance> ProviderInstance::cachedBalance(std::chrono::milliseconds timeout,
                                                          std::chrono::seconds maxAge) {
  using Answer = sdk::Result<sdk::Balance>;
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(balanceMutex_);
    if (balance_ && now - balanceAt_ < maxAge) return *balance_;
    if (balanceBusy_->load())
      return sdk::Status::temporary(plugin_ + " balance() has not answered yet");
    if (state_ != State::kRunning)
      return sdk::Status::temporary("provider instance '" + name_ + "' is " + stateName());
    balanceBusy_->store(true);
  }
  // The call owns the instance (its provider, its host context) and clears the busy flag
  // when the plugin returns, however late.
  auto answer =
      callWithin<Answer>(timeout, [self = shared_from_this(), busy = balanceBusy_]() -> Answer {
        auto a = guardedCall(self->plugin_ + " balance",
                             [&]() -> Answer { return self->provider_->balance(); });
        busy->store(false);
        return a;
      });
  Answer result =
      answer ? checkedBalance(plugin_, std::move(*answer))
             : Answer(sdk::Status::temporary(plugin_ + " balance() did not answer within " +
                                             std::to_string(timeout.count()) + " ms"));
  std::lock_guard lock(balanceMutex_);
  balance_ = result;
  balanceAt_ = now;
  return result;
}

double ProviderInstance::throughput() const { return rate_.perSecond(nowMs() / 1000); }

// The callbacks promise plugins never to throw; only running out of memory could make them.
void ProviderInstance::submitted(const sdk::SubmitOutcome& outcome) noexcept {
  try {
    if (!outcome.status.isOk()) errors_.fetch_add(1, std::memory_order_relaxed);
    auto clean = outcome;
    clean.providerMessageId = cleanProviderText(outcome.providerMessageId);
    clean.status = sdk::Status(outcome.status.code(), outcome.status.message().substr(0, 1000),
                               cleanProviderText(outcome.status.providerCode()));
    events_.submitted(name_, clean);
  } catch (...) {
    logger_.error("could not take an answer for message %Ld",
                  static_cast<long long>(outcome.messageId));
  }
}

void ProviderInstance::deliveryReport(const sdk::DeliveryReport& report) noexcept {
  try {
    reports_.fetch_add(1, std::memory_order_relaxed);
    auto clean = report;
    clean.providerMessageId = cleanProviderText(report.providerMessageId);
    clean.errorCode = cleanProviderText(report.errorCode);
    events_.deliveryReport(name_, clean);
  } catch (...) {
    logger_.error("could not take a delivery report");
  }
}

void ProviderInstance::inbound(const sdk::InboundMessage& message) noexcept {
  try {
    events_.inbound(name_, message);
  } catch (...) {
    logger_.error("could not take an inbound message");
  }
}

void ProviderInstance::log(sdk::LogLevel level, std::string_view text) noexcept {
  try {
    std::string line(text);
    switch (level) {
      case sdk::LogLevel::kDebug:
        logger_.debug(line);
        break;
      case sdk::LogLevel::kInfo:
        logger_.information(line);
        break;
      case sdk::LogLevel::kWarning:
        logger_.warning(line);
        break;
      case sdk::LogLevel::kError:
        logger_.error(line);
        break;
    }
  } catch (...) {
  }
}

}  // namespace pigeon::host
