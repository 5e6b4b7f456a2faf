#pragma once
// One HTTP or HTTPS request with a deadline, never throwing: a failure is in the reply.

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pigeon::http {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct HttpCall {
  std::string method = "GET";
  std::string url;  // http:// or https://
  std::string contentType;
  std::string body;
  Fields headers;
};

struct HttpReply {
  bool reached = false;  // false: no HTTP answer at all (refused, timed out, TLS failed)
  int status = 0;
  std::string body;
  std::string error;  // why it was not reached
};

HttpReply performHttp(const HttpCall& call, std::chrono::milliseconds timeout);

std::string urlEncode(std::string_view text);
std::string formEncode(const Fields& fields);  // a=1&b=%D0%9F
// "+79161234567" -> "79161234567": the number as most HTTP SMS APIs want it.
std::string digitsOf(std::string_view e164);

}  // namespace pigeon::http
