#include "http_provider.h"

#include <Poco/NumberParser.h>

#include "http_call.h"
#include "value_reader.h"

namespace pigeon::httpprovider {

namespace {

std::string noEscape(std::string_view text) { return std::string(text); }

}  // namespace

HttpProvider::HttpProvider(HttpProviderSettings settings, sdk::HostContext& host)
    : settings_(std::move(settings)),
      host_(host),
      pool_(settings_.threads, settings_.window, settings_.maxTps) {}

HttpProvider::~HttpProvider() { stop(); }

sdk::Status HttpProvider::start() {
  pool_.start();
  return sdk::Status::ok();
}

void HttpProvider::stop() { pool_.stop(); }

sdk::Status HttpProvider::submit(const sdk::OutboundMessage& message) {
  return pool_.submit(
      message, host_, [this, message] { send(message); }, "HTTP");
}

// HTTP statuses first (429 slows down, 5xx and timeouts retry, other 4xx are final unless a
// configured code says otherwise), then the provider's own error code from the body.
sdk::Status HttpProvider::refusal(int httpStatus, const std::string& body) const {
  const auto code = readValue(settings_.errorCode, body).value_or("");
  const auto what = "the provider answered HTTP " + std::to_string(httpStatus) +
                    (code.empty() ? "" : " with error " + code);
  const auto providerCode = code.empty() ? std::to_string(httpStatus) : code;
  if (!code.empty() && settings_.noRouteCodes.count(code))
    return sdk::Status::noRoute(what, providerCode);
  if (!code.empty() && settings_.permanentCodes.count(code))
    return sdk::Status::permanent(what, providerCode);
  if (httpStatus == 429) return sdk::Status::throttled(what, providerCode);
  if (httpStatus >= 400 && httpStatus < 500 && httpStatus != 408)
    return sdk::Status::permanent(what, providerCode);
  return sdk::Status::temporary(what, providerCode);
}

void HttpProvider::send(const sdk::OutboundMessage& message) {
  const std::vector<std::pair<std::string, std::string>> values{
      {"to", message.to},
      {"to_digits", http::digitsOf(message.to)},
      {"from", message.from},
      {"text", message.text},
      {"id", std::to_string(message.id)},
      {"parts", std::to_string(message.parts)},
      {"encoding", message.encoding == sdk::Encoding::kUcs2 ? "UCS2" : "GSM7"}};
  http::HttpCall call;
  call.method = settings_.sendMethod;
  call.url = expandTemplate(settings_.sendUrl, values, http::urlEncode);
  if (!settings_.sendBody.empty()) {
    call.body = expandTemplate(settings_.sendBody, values,
                               settings_.bodyFormat == "json" ? jsonEscape : http::urlEncode);
    call.contentType = settings_.contentType;
  }
  if (!settings_.authHeader.empty())
    call.headers.emplace_back("Authorization", settings_.authHeader);
  const auto reply = http::performHttp(call, std::chrono::milliseconds(settings_.timeoutMs));
  if (!reply.reached) {
    reachable_ = false;
    return host_.submitted(
        {message.id, sdk::Status::temporary("the provider was not reached: " + reply.error), ""});
  }
  reachable_ = true;
  const bool accepted =
      settings_.successStatus.count(reply.status) &&
      (!settings_.successMatch || std::regex_search(reply.body, *settings_.successMatch));
  if (!accepted) return host_.submitted({message.id, refusal(reply.status, reply.body), ""});
  auto id = settings_.messageId.empty() ? std::to_string(message.id)
                                        : readValue(settings_.messageId, reply.body).value_or("");
  if (id.empty())
    return host_.submitted(
        {message.id,
         sdk::Status::temporary("the provider accepted the message but its answer has no id"), ""});
  host_.submitted({message.id, sdk::Status::ok(), std::move(id)});
}

sdk::CallbackResponse HttpProvider::callback(const sdk::CallbackRequest& request) {
  if (request.path == "/dlr") return deliveryCallback(request);
  if (request.path == "/inbound") return inboundCallback(request);
  return {404, "text/plain", "callbacks go to /dlr or /inbound"};
}

sdk::CallbackResponse HttpProvider::deliveryCallback(const sdk::CallbackRequest& request) {
  const auto id = readValue(settings_.dlrId, request);
  const auto state = readValue(settings_.dlrStatus, request);
  if (!id || id->empty() || !state)
    return {400, "text/plain", "a delivery callback needs the message id and its state"};
  sdk::DeliveryReport r;
  r.providerMessageId = *id;
  if (settings_.dlrDelivered.count(*state)) {
    r.state = sdk::DeliveryState::kDelivered;
  } else if (settings_.dlrFailed.count(*state)) {
    r.state = sdk::DeliveryState::kFailed;
    r.errorCode = *state;
  } else if (settings_.dlrExpired.count(*state)) {
    r.state = sdk::DeliveryState::kExpired;
    r.errorCode = *state;
  } else {
    return {200, "text/plain", settings_.callbackAnswer};  // in transit: nothing to record
  }
  host_.deliveryReport(r);
  return {200, "text/plain", settings_.callbackAnswer};
}

sdk::CallbackResponse HttpProvider::inboundCallback(const sdk::CallbackRequest& request) {
  auto from = readValue(settings_.moFrom, request);
  auto text = readValue(settings_.moText, request);
  if (!from || from->empty() || !text)
    return {400, "text/plain", "an inbound callback needs the sender and the text"};
  const bool number = !from->empty() && std::all_of(from->begin(), from->end(),
                                                    [](char c) { return c >= '0' && c <= '9'; });
  host_.inbound({number ? "+" + *from : *from, readValue(settings_.moTo, request).value_or(""),
                 *text, readValue(settings_.moId, request).value_or("")});
  return {200, "text/plain", settings_.callbackAnswer};
}

sdk::Result<sdk::Balance> HttpProvider::balance() {
  if (settings_.balanceUrl.empty())
    return sdk::Status::permanent("no balance_url is configured for this instance");
  http::HttpCall call;
  call.url = expandTemplate(settings_.balanceUrl, {}, noEscape);
  if (!settings_.authHeader.empty())
    call.headers.emplace_back("Authorization", settings_.authHeader);
  const auto reply = http::performHttp(call, std::chrono::milliseconds(settings_.timeoutMs));
  if (!reply.reached) return sdk::Status::temporary("the provider was not reached: " + reply.error);
  if (reply.status != 200)
    return sdk::Status::temporary("the balance query answered HTTP " +
                                  std::to_string(reply.status));
  const auto text = readValue(settings_.balanceAmount, reply.body);
  double amount = 0;
  if (!text || !Poco::NumberParser::tryParseFloat(*text, amount))
    return sdk::Status::temporary("the balance answer has no number where balance_field points");
  return sdk::Balance{amount, settings_.balanceCurrency};
}

sdk::ProviderCapabilities HttpProvider::capabilities() const { return {}; }

sdk::ProviderStats HttpProvider::stats() const {
  sdk::ProviderStats s;
  s.connected = reachable_.load();
  s.windowUsed = pool_.queued();
  s.windowSize = settings_.window;
  return s;
}

}  // namespace pigeon::httpprovider
