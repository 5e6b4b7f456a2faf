#include "http_call.h"

#include <Poco/Exception.h>
#include <Poco/Net/AcceptCertificateHandler.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <memory>
#include <mutex>

namespace pigeon::http {

namespace {

constexpr std::size_t kMaxReply = 1 << 20;  // a provider's answer is a few hundred bytes

// Certificates are checked against the system's trust store (ca-certificates).
Poco::Net::Context::Ptr tlsContext() {
  static std::once_flag once;
  static Poco::Net::Context::Ptr context;
  std::call_once(once, [] {
    Poco::Net::initializeSSL();
    context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "/etc/ssl/certs",
                                     Poco::Net::Context::VERIFY_RELAXED, 9, true);
  });
  return context;
}

}  // namespace

HttpReply performHttp(const HttpCall& call, std::chrono::milliseconds timeout) {
  HttpReply reply;
  try {
    Poco::URI uri(call.url);
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https")
      session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(),
                                                                tlsContext());
    else if (uri.getScheme() == "http")
      session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    else
      return {false, 0, "", "URL scheme must be http or https: " + call.url};
    session->setTimeout(Poco::Timespan(static_cast<long>(timeout.count() / 1000),
                                       static_cast<long>(timeout.count() % 1000) * 1000));
    Poco::Net::HTTPRequest request(call.method,
                                   uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [k, v] : call.headers) request.set(k, v);
    if (!call.body.empty() || call.method == "POST") {
      if (!call.contentType.empty()) request.setContentType(call.contentType);
      request.setContentLength(static_cast<std::streamsize>(call.body.size()));
    }
    auto& out = session->sendRequest(request);
    out.write(call.body.data(), static_cast<std::streamsize>(call.body.size()));
    Poco::Net::HTTPResponse response;
    auto& in = session->receiveResponse(response);
    char buffer[8192];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
      reply.body.append(buffer, static_cast<std::size_t>(in.gcount()));
      if (reply.body.size() > kMaxReply) break;
    }
    reply.reached = true;
    reply.status = static_cast<int>(response.getStatus());
  } catch (const Poco::Exception& e) {
    reply.reached = false;
    reply.error = e.displayText();
  } catch (const std::exception& e) {
    reply.reached = false;
    reply.error = e.what();
  }
  return reply;
}

std::string urlEncode(std::string_view text) {
  std::string out;
  Poco::URI::encode(std::string(text), "!#$&'()*+,/:;=?@[]%\"<>\\^`{|} ", out);
  return out;
}

std::string digitsOf(std::string_view e164) {
  std::string out;
  for (char ch : e164)
    if (ch >= '0' && ch <= '9') out += ch;
  return out;
}

std::string formEncode(const Fields& fields) {
  std::string out;
  for (const auto& [k, v] : fields)
    out += (out.empty() ? "" : "&") + urlEncode(k) + "=" + urlEncode(v);
  return out;
}

}  // namespace pigeon::http
