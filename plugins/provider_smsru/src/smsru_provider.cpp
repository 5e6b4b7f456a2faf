#include "smsru_provider.h"

#include <Poco/DigestEngine.h>
#include <Poco/JSON/Parser.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <vector>

#include "http_call.h"
#include "smsru_codes.h"

namespace pigeon::smsru {

namespace {

constexpr auto kReportWait = std::chrono::hours(72);  // later than this no report comes
constexpr std::size_t kMaxAwaiting = 1000000;
constexpr std::size_t kIdsPerStatusQuery = 100;

int intOf(const Poco::Dynamic::Var& v, int fallback) {
  try {
    return v.isEmpty() ? fallback : v.convert<int>();
  } catch (const Poco::Exception&) {
    return fallback;
  }
}

Poco::JSON::Object::Ptr parseObject(const std::string& body) {
  try {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    return nullptr;
  } catch (const std::exception&) {
    return nullptr;
  }
}

std::string sha256Hex(const std::string& text) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(text);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

}  // namespace

SmsruProvider::SmsruProvider(SmsruSettings settings, sdk::HostContext& host)
    : settings_(std::move(settings)),
      host_(host),
      pool_(settings_.threads, settings_.window, settings_.maxTps) {}

SmsruProvider::~SmsruProvider() { stop(); }

sdk::Status SmsruProvider::start() {
  {
    std::lock_guard lock(pollMutex_);
    stopping_ = false;
  }
  pool_.start();
  if (settings_.statusPollS > 0 && !poller_.joinable())
    poller_ = std::thread([this] { pollLoop(); });
  return sdk::Status::ok();
}

void SmsruProvider::stop() {
  {
    std::lock_guard lock(pollMutex_);
    stopping_ = true;
  }
  pollCv_.notify_all();
  if (poller_.joinable()) poller_.join();
  pool_.stop();
}

sdk::Status SmsruProvider::submit(const sdk::OutboundMessage& message) {
  return pool_.submit(
      message, host_, [this, message] { send(message); }, "SMS.ru");
}

// On a sender thread: one POST, one answer to the host, whatever happens.
void SmsruProvider::send(const sdk::OutboundMessage& message) {
  const auto number = http::digitsOf(message.to);
  http::Fields form{
      {"api_id", settings_.apiId}, {"to", number}, {"msg", message.text}, {"json", "1"}};
  const auto& from = message.from.empty() ? settings_.from : message.from;
  if (!from.empty()) form.emplace_back("from", from);
  if (settings_.test) form.emplace_back("test", "1");
  if (settings_.ttlMinutes > 0) form.emplace_back("ttl", std::to_string(settings_.ttlMinutes));
  const auto reply = http::performHttp({"POST",
                                        settings_.baseUrl + "/sms/send",
                                        "application/x-www-form-urlencoded",
                                        http::formEncode(form),
                                        {}},
                                       std::chrono::milliseconds(settings_.timeoutMs));
  auto fail = [&](sdk::Status status) { host_.submitted({message.id, std::move(status), ""}); };
  if (!reply.reached) return fail(sdk::Status::temporary("SMS.ru not reached: " + reply.error));
  if (reply.status >= 500)
    return fail(sdk::Status::temporary("SMS.ru answered HTTP " + std::to_string(reply.status)));
  auto root = parseObject(reply.body);
  if (!root)
    return fail(sdk::Status::temporary("SMS.ru answered HTTP " + std::to_string(reply.status) +
                                       " with a body that is not JSON"));
  // The request as a whole can fail (api_id, money); else each number has its own answer.
  Poco::JSON::Object::Ptr answer = root;
  if (root->optValue<std::string>("status", "") == "OK") {
    auto sms = root->getObject("sms");
    answer = sms ? sms->getObject(number) : nullptr;
    if (!answer) return fail(sdk::Status::temporary("SMS.ru's answer has no entry for " + number));
  }
  if (answer->optValue<std::string>("status", "") == "OK") {
    const auto smsId = answer->optValue<std::string>("sms_id", "");
    if (smsId.empty()) return fail(sdk::Status::temporary("SMS.ru accepted but gave no sms_id"));
    accountOk_ = true;
    {
      std::lock_guard lock(awaitingMutex_);
      if (awaiting_.size() < kMaxAwaiting) awaiting_[smsId] = std::chrono::steady_clock::now();
    }
    return host_.submitted({message.id, sdk::Status::ok(), smsId});
  }
  auto error = requestError(intOf(answer->get("status_code"), -1),
                            answer->optValue<std::string>("status_text", ""));
  if (error.accountProblem) accountOk_ = false;
  fail(error.status);
}

void SmsruProvider::report(const std::string& smsId, int code) {
  const auto state = messageState(code);
  if (!state) return;  // still in transit
  {
    std::lock_guard lock(awaitingMutex_);
    awaiting_.erase(smsId);
  }
  sdk::DeliveryReport r;
  r.providerMessageId = smsId;
  r.state = *state;
  if (*state != sdk::DeliveryState::kDelivered) r.errorCode = std::to_string(code);
  host_.deliveryReport(r);
}

// POST data[]=sms_status\n<sms_id>\n<code>\n<time>&hash=sha256(api_id + data...)
sdk::CallbackResponse SmsruProvider::callback(const sdk::CallbackRequest& request) {
  std::vector<std::string> records;
  for (const auto& [k, v] : request.form)
    if (k.rfind("data", 0) == 0) records.push_back(v);
  if (settings_.checkCallbackHash) {
    std::string signed_ = settings_.apiId;
    for (const auto& r : records) signed_ += r;
    if (request.field("hash") != sha256Hex(signed_))
      return {403, "text/plain", "hash does not match the data and this instance's api_id"};
  }
  for (const auto& record : records) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= record.size()) {
      auto end = record.find('\n', start);
      if (end == std::string::npos) end = record.size();
      lines.push_back(record.substr(start, end - start));
      start = end + 1;
    }
    // Other record kinds (callcheck_status) are not about messages: acknowledged, ignored.
    if (lines.size() >= 3 && lines[0] == "sms_status")
      report(lines[1], intOf(Poco::Dynamic::Var(lines[2]), -1));
  }
  return {200, "text/plain", "100"};  // anything else and SMS.ru sends it again
}

void SmsruProvider::pollLoop() {
  std::unique_lock lock(pollMutex_);
  while (!stopping_) {
    pollCv_.wait_for(lock, std::chrono::seconds(settings_.statusPollS), [&] { return stopping_; });
    if (stopping_) return;
    lock.unlock();
    pollOnce();
    lock.lock();
  }
}

void SmsruProvider::pollOnce() {
  std::vector<std::string> ids;
  {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(awaitingMutex_);
    for (auto it = awaiting_.begin(); it != awaiting_.end();) {
      if (now - it->second > kReportWait) {
        it = awaiting_.erase(it);
        continue;
      }
      ids.push_back(it->first);
      ++it;
    }
  }
  for (std::size_t at = 0; at < ids.size(); at += kIdsPerStatusQuery) {
    {
      std::lock_guard lock(pollMutex_);
      if (stopping_) return;
    }
    std::string list;
    for (std::size_t i = at; i < std::min(ids.size(), at + kIdsPerStatusQuery); ++i)
      list += (list.empty() ? "" : ",") + ids[i];
    const auto reply = http::performHttp(
        {"POST",
         settings_.baseUrl + "/sms/status",
         "application/x-www-form-urlencoded",
         http::formEncode({{"api_id", settings_.apiId}, {"sms_id", list}, {"json", "1"}}),
         {}},
        std::chrono::milliseconds(settings_.timeoutMs));
    auto root = reply.reached ? parseObject(reply.body) : nullptr;
    auto sms = root ? root->getObject("sms") : nullptr;
    if (!sms) {
      host_.log(sdk::LogLevel::kWarning,
                "SMS.ru status query failed: " +
                    (reply.reached ? "HTTP " + std::to_string(reply.status) : reply.error));
      return;  // the next round asks again
    }
    for (const auto& [smsId, value] : *sms) {
      auto entry = sms->getObject(smsId);
      if (entry && entry->optValue<std::string>("status", "") == "OK")
        report(smsId, intOf(entry->get("status_code"), -1));
    }
  }
}

sdk::Result<sdk::Balance> SmsruProvider::balance() {
  const auto reply =
      http::performHttp({"POST",
                         settings_.baseUrl + "/my/balance",
                         "application/x-www-form-urlencoded",
                         http::formEncode({{"api_id", settings_.apiId}, {"json", "1"}}),
                         {}},
                        std::chrono::milliseconds(settings_.timeoutMs));
  if (!reply.reached) return sdk::Status::temporary("SMS.ru not reached: " + reply.error);
  auto root = parseObject(reply.body);
  if (!root) return sdk::Status::temporary("SMS.ru's balance answer is not JSON");
  if (root->optValue<std::string>("status", "") != "OK")
    return requestError(intOf(root->get("status_code"), -1),
                        root->optValue<std::string>("status_text", ""))
        .status;
  try {
    return sdk::Balance{root->get("balance").convert<double>(), "RUB"};
  } catch (const Poco::Exception&) {
    return sdk::Status::temporary("SMS.ru's balance answer has no number in 'balance'");
  }
}

sdk::ProviderCapabilities SmsruProvider::capabilities() const {
  sdk::ProviderCapabilities c;
  c.maxParts = 8;  // SMS.ru refuses longer texts (code 205)
  return c;
}

sdk::ProviderStats SmsruProvider::stats() const {
  sdk::ProviderStats s;
  s.connected = accountOk_.load();
  s.windowUsed = pool_.queued();
  s.windowSize = settings_.window;
  return s;
}

std::size_t SmsruProvider::awaitingReports() const {
  std::lock_guard lock(awaitingMutex_);
  return awaiting_.size();
}

}  // namespace pigeon::smsru
