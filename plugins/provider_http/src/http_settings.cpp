#include "http_settings.h"

namespace pigeon::httpprovider {

namespace {

using F = sdk::ConfigField;

// "a, b c ,d" -> {"a", "b c", "d"}: spaces around an item go, spaces inside stay.
std::set<std::string> listOf(const std::string& text) {
  std::set<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    auto item = text.substr(start, end - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.insert(item);
    start = end + 1;
  }
  return out;
}

// The fields of one ValueSource: <name>_field (a JSON pointer or a field name) and <name>_regex.
void sourceFields(sdk::ConfigSchema& schema, const std::string& name, const std::string& what) {
  schema.push_back(
      F::string(name + "_field", what + ": a JSON pointer (/result/id) or a field name")
          .defaultsTo(""));
  schema.push_back(
      F::string(name + "_regex", what + ": a regular expression whose first group is the value")
          .defaultsTo(""));
}

}  // namespace

sdk::ConfigSchema HttpProviderSettings::schema() {
  sdk::ConfigSchema s{
      F::string("send_url",
                "URL to send one message; placeholders {to} {to_digits} {from} {text} {id} "
                "{parts} {encoding}, URL-encoded")
          .markRequired(),
      F::oneOf("send_method", {"POST", "GET"}, "HTTP method for sending").defaultsTo("POST"),
      F::string("send_body", "Body to send, with the same placeholders; empty = no body")
          .defaultsTo(""),
      F::oneOf("body_format", {"form", "json"},
               "How placeholders in the body are escaped: form (URL-encoded) or json")
          .defaultsTo("form"),
      F::string("content_type", "Content-Type of the body; empty = from body_format")
          .defaultsTo(""),
      F::string("auth_header", "Authorization header value (Bearer …, Basic …)")
          .defaultsTo("")
          .markSecret(),
      F::string("success_status", "HTTP statuses that may mean accepted").defaultsTo("200,201,202"),
      F::string("success_regex", "The answer's body must match this to mean accepted; empty = any")
          .defaultsTo(""),
  };
  sourceFields(s, "message_id", "The provider's message id in the answer");
  sourceFields(s, "error_code", "The error code in a refusal");
  s.push_back(
      F::string("permanent_codes", "Error codes that never succeed when retried").defaultsTo(""));
  s.push_back(F::string("no_route_codes", "Error codes meaning: no route, try another provider")
                  .defaultsTo(""));
  sourceFields(s, "dlr_id", "Delivery callback (/callbacks/<instance>/dlr): the message id");
  sourceFields(s, "dlr_status", "Delivery callback: the state");
  s.push_back(
      F::string("dlr_delivered", "States meaning delivered").defaultsTo("DELIVRD,delivered"));
  s.push_back(
      F::string("dlr_failed", "States meaning failed").defaultsTo("UNDELIV,REJECTD,failed"));
  s.push_back(F::string("dlr_expired", "States meaning expired").defaultsTo("EXPIRED,expired"));
  sourceFields(s, "mo_from", "Inbound callback (/callbacks/<instance>/inbound): the sender");
  sourceFields(s, "mo_to", "Inbound callback: the number it was sent to");
  sourceFields(s, "mo_text", "Inbound callback: the text");
  sourceFields(s, "mo_id", "Inbound callback: the provider's id");
  s.push_back(
      F::string("callback_answer", "Body answered to every accepted callback").defaultsTo("OK"));
  s.push_back(F::string("balance_url", "URL answering the balance; empty = none").defaultsTo(""));
  sourceFields(s, "balance", "The balance in that answer");
  s.push_back(
      F::string("balance_currency", "Currency or unit of the balance").defaultsTo("credits"));
  s.push_back(F::integer("threads", "Requests at once").defaultsTo("4").range(1, 64));
  s.push_back(F::integer("window", "Messages taken and not yet answered")
                  .defaultsTo("200")
                  .range(1, 100000));
  s.push_back(
      F::integer("max_tps", "Messages per second; 0 = no limit").defaultsTo("0").range(0, 100000));
  s.push_back(
      F::integer("timeout_ms", "Deadline of one request").defaultsTo("10000").range(100, 120000));
  return s;
}

sdk::Result<HttpProviderSettings> HttpProviderSettings::read(const sdk::ConfigValues& v) {
  HttpProviderSettings s;
  std::string badField;
  auto regexOf = [&](const std::string& field) -> std::optional<std::regex> {
    const auto& text = v.getString(field);
    if (text.empty()) return std::nullopt;
    try {
      return std::regex(text, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      if (badField.empty()) badField = field;
      return std::nullopt;
    }
  };
  auto source = [&](const std::string& name) {
    return ValueSource{v.getString(name + "_field"), regexOf(name + "_regex")};
  };
  s.sendUrl = v.getString("send_url");
  if (s.sendUrl.rfind("http://", 0) != 0 && s.sendUrl.rfind("https://", 0) != 0)
    return sdk::Status::invalidArgument("send_url: must start with http:// or https://");
  s.sendMethod = v.getString("send_method");
  s.sendBody = v.getString("send_body");
  s.bodyFormat = v.getString("body_format");
  s.contentType = v.getString("content_type");
  if (s.contentType.empty())
    s.contentType =
        s.bodyFormat == "json" ? "application/json" : "application/x-www-form-urlencoded";
  s.authHeader = v.getString("auth_header");
  s.successStatus.clear();
  for (const auto& code : listOf(v.getString("success_status"))) {
    try {
      s.successStatus.insert(std::stoi(code));
    } catch (const std::exception&) {
      return sdk::Status::invalidArgument("success_status: '" + code + "' is not an HTTP status");
    }
  }
  s.successMatch = regexOf("success_regex");
  s.messageId = source("message_id");
  s.errorCode = source("error_code");
  s.permanentCodes = listOf(v.getString("permanent_codes"));
  s.noRouteCodes = listOf(v.getString("no_route_codes"));
  s.dlrId = source("dlr_id");
  s.dlrStatus = source("dlr_status");
  s.dlrDelivered = listOf(v.getString("dlr_delivered"));
  s.dlrFailed = listOf(v.getString("dlr_failed"));
  s.dlrExpired = listOf(v.getString("dlr_expired"));
  s.moFrom = source("mo_from");
  s.moTo = source("mo_to");
  s.moText = source("mo_text");
  s.moId = source("mo_id");
  s.callbackAnswer = v.getString("callback_answer");
  s.balanceUrl = v.getString("balance_url");
  s.balanceAmount = source("balance");
  s.balanceCurrency = v.getString("balance_currency");
  s.threads = static_cast<int>(v.getInteger("threads"));
  s.window = static_cast<int>(v.getInteger("window"));
  s.maxTps = static_cast<int>(v.getInteger("max_tps"));
  s.timeoutMs = static_cast<int>(v.getInteger("timeout_ms"));
  if (!badField.empty())
    return sdk::Status::invalidArgument(badField + ": not a valid regular expression");
  return s;
}

}  // namespace pigeon::httpprovider
