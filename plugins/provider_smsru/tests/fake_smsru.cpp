#include "fake_smsru.h"

#include <Poco/DigestEngine.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/SHA2Engine.h>

#include <sstream>

#include "http_call.h"

namespace pigeon::smsru::test {

namespace {

std::string json(const Poco::JSON::Object& o) {
  std::ostringstream out;
  o.stringify(out);
  return out.str();
}

std::string error(int code, const std::string& text) {
  Poco::JSON::Object o;
  o.set("status", "ERROR");
  o.set("status_code", code);
  o.set("status_text", text);
  return json(o);
}

}  // namespace

class FakeSmsru::Handler : public Poco::Net::HTTPRequestHandler {
public:
  explicit Handler(FakeSmsru& fake) : fake_(fake) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req,
                     Poco::Net::HTTPServerResponse& resp) override {
    Poco::Net::HTMLForm form(req, req.stream());
    std::map<std::string, std::string> fields(form.begin(), form.end());
    int status = 200;
    const auto path = req.getURI().substr(0, req.getURI().find('?'));
    const auto body = fake_.handle(path, fields, status);
    resp.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    resp.setContentType("application/json");
    resp.sendBuffer(body.data(), body.size());
  }

private:
  FakeSmsru& fake_;
};

class FakeSmsru::Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
  explicit Factory(FakeSmsru& fake) : fake_(fake) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(fake_);
  }

private:
  FakeSmsru& fake_;
};

FakeSmsru::FakeSmsru(FakeSmsruBehaviour behaviour) : behaviour_(std::move(behaviour)) {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  auto params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(16);
  server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket, params);
  server_->start();
}

FakeSmsru::~FakeSmsru() { server_->stopAll(true); }

int FakeSmsru::port() const { return server_->port(); }

void FakeSmsru::setBehaviour(FakeSmsruBehaviour behaviour) {
  std::lock_guard lock(mutex_);
  behaviour_ = std::move(behaviour);
}

std::vector<ReceivedSms> FakeSmsru::received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

std::string FakeSmsru::handle(const std::string& path,
                              const std::map<std::string, std::string>& form, int& httpStatus) {
  std::lock_guard lock(mutex_);
  const auto& b = behaviour_;
  auto field = [&](const char* name) {
    auto it = form.find(name);
    return it == form.end() ? std::string() : it->second;
  };
  if (b.httpStatus) {
    httpStatus = b.httpStatus;
    return "<html>unavailable</html>";
  }
  if (field("api_id") != b.apiId) return error(200, "Неправильный api_id");
  Poco::JSON::Object root;
  root.set("status", "OK");
  root.set("status_code", 100);
  root.set("balance", b.balance);
  if (path == "/my/balance") {
    ++balanceQueries_;
    return json(root);
  }
  if (path == "/sms/status") {
    ++statusQueries_;
    Poco::JSON::Object sms;
    std::string ids = field("sms_id") + ",";
    for (std::size_t start = 0, end; (end = ids.find(',', start)) != std::string::npos;
         start = end + 1) {
      const auto id = ids.substr(start, end - start);
      Poco::JSON::Object one;
      bool known = false;
      for (const auto& r : received_) known = known || r.smsId == id;
      one.set("status", known ? "OK" : "ERROR");
      one.set("status_code", known ? b.finalState : -1);
      sms.set(id, one);
    }
    root.set("sms", sms);
    return json(root);
  }
  if (path != "/sms/send") {
    httpStatus = 404;
    return error(211, "Метод не найден");
  }
  if (b.refuseAllWith) return error(b.refuseAllWith, "refused by the fake");
  const auto to = field("to");
  Poco::JSON::Object one;
  if (!b.noRoutePrefix.empty() && to.rfind(b.noRoutePrefix, 0) == 0) {
    one.set("status", "ERROR");
    one.set("status_code", 207);
    one.set("status_text", "На этот номер нельзя отправлять сообщения");
  } else {
    char id[32];
    std::snprintf(id, sizeof id, "000000-%08d", nextId_++);
    received_.push_back({to, field("msg"), field("from"), id});
    one.set("status", "OK");
    one.set("status_code", 100);
    one.set("sms_id", std::string(id));
  }
  Poco::JSON::Object sms;
  sms.set(to, one);
  root.set("sms", sms);
  return json(root);
}

std::pair<int, std::string> FakeSmsru::pushStatus(const std::string& url,
                                                  const std::vector<std::string>& smsIds, int state,
                                                  const std::string& apiId) const {
  http::Fields form;
  std::string signed_ = apiId;
  for (std::size_t i = 0; i < smsIds.size(); ++i) {
    const auto record = "sms_status\n" + smsIds[i] + "\n" + std::to_string(state) + "\n1764000000";
    form.emplace_back("data[" + std::to_string(i) + "]", record);
    signed_ += record;
  }
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(signed_);
  form.emplace_back("hash", Poco::DigestEngine::digestToHex(engine.digest()));
  const auto reply = http::performHttp(
      {"POST", url, "application/x-www-form-urlencoded", http::formEncode(form), {}},
      std::chrono::seconds(10));
  return {reply.status, reply.body};
}

}  // namespace pigeon::smsru::test
