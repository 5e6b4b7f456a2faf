#pragma once
// A small HTTP client for tests: one keep-alive connection to 127.0.0.1:port.

#include <memory>
#include <string>

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPClientSession.h>

namespace pigeon::test {

struct HttpResult {
  int status = 0;
  std::string body;
  std::string contentType;
  Poco::JSON::Object::Ptr json() const;  // throws if the body is not a JSON object
};

// An API error answer as "field: message", as a test compares it.
std::string errorOf(const HttpResult& r);

class HttpClient {
public:
  explicit HttpClient(int port);

  // auth: "user:password" for Basic, "Bearer TOKEN" as is, empty for none.
  void setAuth(const std::string& auth) { auth_ = auth; }
  HttpResult request(const std::string& method, const std::string& path,
                     const std::string& body = {});
  HttpResult get(const std::string& path) { return request("GET", path); }
  // Sends only the headers of a POST announcing `length` body bytes, then reads the answer:
  // how a server's refusal of an oversized body is seen without uploading it.
  HttpResult postDeclaringLength(const std::string& path, std::size_t length);
  HttpResult post(const std::string& path, const std::string& body) {
    return request("POST", path, body);
  }

private:
  std::string authorizationValue() const;
  HttpResult receive();
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
  std::string auth_;
};

}  // namespace pigeon::test
