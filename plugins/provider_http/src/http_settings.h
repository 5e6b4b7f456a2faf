#pragma once
// pigeon.provider.http's settings: a provider's HTTP API described by configuration, the way
// Kannel's generic HTTP SMSC is, so a new provider needs no code. Read once from validated
// config; the regular expressions are compiled here and a bad one names its field.

#include <optional>
#include <regex>
#include <set>
#include <string>

#include "pigeon/sdk/config_schema.h"
#include "pigeon/sdk/result.h"

namespace pigeon::httpprovider {

// Where a value sits in an answer or a callback: a JSON pointer ("/result/id"), else a field
// name (query or form), and optionally a regex whose first group is the value.
struct ValueSource {
  std::string pointerOrField;
  std::optional<std::regex> regex;
  bool empty() const { return pointerOrField.empty() && !regex; }
};

struct HttpProviderSettings {
  std::string sendUrl;  // template: {to} {to_digits} {from} {text} {id} {parts} {encoding}
  std::string sendMethod = "POST";
  std::string sendBody;             // template; empty = none
  std::string bodyFormat = "form";  // form | json: how placeholders in the body are escaped
  std::string contentType;
  std::string authHeader;  // sent as Authorization
  std::set<int> successStatus{200, 201, 202};
  std::optional<std::regex> successMatch;
  ValueSource messageId;  // empty: the host's id ({id}) stands for the provider's
  ValueSource errorCode;
  std::set<std::string> permanentCodes, noRouteCodes;
  ValueSource dlrId, dlrStatus;
  std::set<std::string> dlrDelivered, dlrFailed, dlrExpired;
  ValueSource moFrom, moTo, moText, moId;
  std::string callbackAnswer = "OK";
  std::string balanceUrl;
  ValueSource balanceAmount;
  std::string balanceCurrency;
  int threads = 4;
  int window = 200;
  int maxTps = 0;
  int timeoutMs = 10000;

  static sdk::ConfigSchema schema();
  // invalidArgument naming the field when a regex or a list does not parse.
  static sdk::Result<HttpProviderSettings> read(const sdk::ConfigValues& values);
};

}  // namespace pigeon::httpprovider
