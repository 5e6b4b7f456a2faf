#include "simulator_provider.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>

namespace pigeon::simulator {

SimulatorProvider::SimulatorProvider(SimulatorSettings settings, sdk::HostContext& host)
    : settings_(settings), host_(host) {}

SimulatorProvider::~SimulatorProvider() { stop(); }

sdk::Status SimulatorProvider::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return sdk::Status::ok();
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
  return sdk::Status::ok();
}

void SimulatorProvider::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

// A one-second window: simple, and exact enough for a simulator's rate limit.
bool SimulatorProvider::overRate() {
  if (settings_.maxTps <= 0) return false;
  auto now = std::chrono::steady_clock::now();
  if (now - windowStart_ >= std::chrono::seconds(1)) {
    windowStart_ = now;
    inWindow_ = 0;
  }
  return ++inWindow_ > settings_.maxTps;
}

bool SimulatorProvider::noRoute(const std::string& to) const {
  for (const auto& prefix : settings_.noRoutePrefixes)
    if (to.starts_with(prefix)) return true;
  return false;
}

sdk::ProviderStats SimulatorProvider::stats() const {
  sdk::ProviderStats s;
  s.connected = !settings_.down;
  return s;
}

sdk::Status SimulatorProvider::submit(const sdk::OutboundMessage& message) {
  std::lock_guard lock(mutex_);
  if (stopping_ || !thread_.joinable()) return sdk::Status::temporary("simulator is not running");
  if (settings_.down) return sdk::Status::temporary("simulator is configured down");
  if (overRate())
    return sdk::Status::throttled("over max_tps " + std::to_string(settings_.maxTps), "throttled");
  Pending p;
  p.outcome.messageId = message.id;
  const double roll = std::uniform_real_distribution<double>(0, 1)(random_);
  if (noRoute(message.to))
    p.outcome.status = sdk::Status::noRoute("simulated: no route to " + message.to, "sim_no_route");
  else if (roll < settings_.permanentFailureRatio)
    p.outcome.status = sdk::Status::permanent("simulated permanent failure", "sim_permanent");
  else if (roll < settings_.permanentFailureRatio + settings_.temporaryFailureRatio)
    p.outcome.status = sdk::Status::temporary("simulated temporary failure", "sim_temporary");
  else
    p.outcome.providerMessageId = "sim-" + std::to_string(nextId_++);
  p.due = std::chrono::steady_clock::now() + std::chrono::milliseconds(settings_.delayMs);
  queue_.push_back(std::move(p));
  cv_.notify_one();
  return sdk::Status::ok();
}

void SimulatorProvider::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (queue_.empty()) {
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      continue;
    }
    // Answer every submit at once (outside the lock: the host may call back into submit()).
    std::vector<sdk::SubmitOutcome> answers;
    for (auto& p : queue_)
      if (!p.answered) {
        answers.push_back(p.outcome);
        p.answered = true;
      }
    std::vector<sdk::DeliveryReport> reports;
    const auto now = std::chrono::steady_clock::now();
    while (!queue_.empty() && queue_.front().due <= now) {
      auto& p = queue_.front();
      if (p.outcome.status.isOk())
        reports.push_back(
            {p.outcome.messageId, p.outcome.providerMessageId, sdk::DeliveryState::kDelivered, ""});
      queue_.pop_front();
    }
    lock.unlock();
    for (const auto& a : answers) host_.submitted(a);
    for (const auto& r : reports) host_.deliveryReport(r);
    lock.lock();
    bool fresh =
        std::any_of(queue_.begin(), queue_.end(), [](const Pending& p) { return !p.answered; });
    if (!fresh && !queue_.empty())
      cv_.wait_until(lock, queue_.front().due, [&] {
        return stopping_ || std::any_of(queue_.begin(), queue_.end(),
                                        [](const Pending& p) { return !p.answered; });
      });
  }
  // Stopping: every submit taken is answered (contract rule 2), so a clean stop leaves nothing
  // for the host to send again. Reports still pending are dropped, as a real provider's would
  // be lost with the connection; the host expires them after its report timeout.
  std::vector<sdk::SubmitOutcome> answers;
  for (auto& p : queue_)
    if (!p.answered) answers.push_back(p.outcome);
  queue_.clear();
  lock.unlock();
  for (const auto& a : answers) host_.submitted(a);
}

sdk::Result<sdk::Balance> SimulatorProvider::balance() {
  return sdk::Balance{settings_.balance, settings_.currency};
}

sdk::ProviderCapabilities SimulatorProvider::capabilities() const {
  sdk::ProviderCapabilities c;
  c.maxParts = 255;
  c.deliveryReports = true;
  c.inboundPush = true;
  return c;
}

sdk::CallbackResponse SimulatorProvider::callback(const sdk::CallbackRequest& request) {
  if (request.path != "/inbound" || request.method != "POST")
    return {404, "text/plain", "the simulator takes POST /inbound only"};
  sdk::InboundMessage m;
  if (request.contentType.starts_with("application/json")) {
    try {
      Poco::JSON::Parser parser;
      const auto o = parser.parse(request.body).extract<Poco::JSON::Object::Ptr>();
      m.from = o->optValue<std::string>("from", "");
      m.to = o->optValue<std::string>("to", "");
      m.text = o->optValue<std::string>("text", "");
    } catch (const std::exception& e) {
      return {400, "text/plain", std::string("not a JSON object: ") + e.what()};
    }
  } else {
    m.from = request.field("from");
    m.to = request.field("to");
    m.text = request.field("text");
  }
  if (m.from.empty() || m.to.empty())
    return {400, "text/plain", "an inbound SMS needs 'from' and 'to'"};
  {
    std::lock_guard lock(mutex_);
    m.providerMessageId = "sim-in-" + std::to_string(nextId_++);
  }
  host_.inbound(m);
  return {200, "application/json", "{\"id\":\"" + m.providerMessageId + "\"}"};
}

}  // namespace pigeon::simulator
