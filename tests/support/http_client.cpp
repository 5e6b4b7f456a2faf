#include "support/http_client.h"

#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <sstream>

namespace pigeon::test {

Poco::JSON::Object::Ptr HttpResult::json() const {
  Poco::JSON::Parser parser;
  return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

HttpClient::HttpClient(int port)
    : session_(std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1",
                                                              static_cast<Poco::UInt16>(port))) {
  session_->setKeepAlive(true);
  session_->setTimeout(Poco::Timespan(30, 0));
}

HttpResult HttpClient::postDeclaringLength(const std::string& path, std::size_t length) {
  Poco::Net::HTTPRequest req("POST", path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (!auth_.empty()) req.set("Authorization", authorizationValue());
  req.setContentType("application/json");
  req.setContentLength64(static_cast<Poco::Int64>(length));
  session_->sendRequest(req);
  auto out = receive();
  session_->reset();
  return out;
}

HttpResult HttpClient::receive() {
  Poco::Net::HTTPResponse resp;
  auto& in = session_->receiveResponse(resp);
  HttpResult out;
  out.status = resp.getStatus();
  out.contentType = resp.getContentType();
  Poco::StreamCopier::copyToString(in, out.body);
  return out;
}

std::string HttpClient::authorizationValue() const {
  if (auth_.rfind("Bearer ", 0) == 0) return auth_;
  std::ostringstream encoded;
  Poco::Base64Encoder encoder(encoded);
  encoder.rdbuf()->setLineLength(0);
  encoder << auth_;
  encoder.close();
  return "Basic " + encoded.str();
}

HttpResult HttpClient::request(const std::string& method, const std::string& path,
                               const std::string& body) {
  Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  req.setKeepAlive(true);
  if (!auth_.empty()) req.set("Authorization", authorizationValue());
  if (!body.empty() || method == "POST") {
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(body.size()));
  }
  session_->sendRequest(req) << body;
  return receive();
}

std::string errorOf(const HttpResult& r) {
  auto e = r.json()->getObject("error");
  return e->getValue<std::string>("field") + ": " + e->getValue<std::string>("message");
}

}  // namespace pigeon::test
