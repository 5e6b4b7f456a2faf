#include "support/test_host.h"

#include <Poco/JSON/Array.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "config/host_config.h"

namespace pigeon::test {

TestHost::TestHost(const std::string& backend, const std::map<std::string, std::string>& settings)
    : store_(std::make_unique<TestStore>(backend)) {
  std::map<std::string, std::string> properties{
      {"http.port", "0"},
      {"http.threads", "8"},
      {"data.dir", store_->dir().file("var")},
      {"db.url", store_->url()},
      {"plugins.dir", PIGEON_PLUGIN_DIR},
      {"phone.default_region", "RU"},
      {"retry.backoff_ms", "10"},
      {"provider.sim.plugin", "pigeon.provider.simulator"},
      {"provider.sim.delay_ms", "0"},
      {"providers.default", "sim"},
  };
  for (const auto& [k, v] : settings) properties[k] = v;
  ::setenv("PIGEON_ADMIN_PASSWORD", kAdminPassword, 1);
  host_ = std::make_unique<host::Host>(host::loadHostConfig(properties));
  host_->start();
}

TestHost::~TestHost() {
  host_->stop();
  host_.reset();
}

HttpClient TestHost::adminClient() const {
  HttpClient client(port());
  client.setAuth(std::string("admin:") + kAdminPassword);
  return client;
}

HttpClient TestHost::userClient(const std::string& name, const std::string& role) const {
  return createUser(name, R"("role":")" + role + R"(")");
}

HttpClient TestHost::userWithRights(const std::string& name,
                                    const std::vector<std::string>& rights) const {
  std::string list;
  for (const auto& r : rights) list += (list.empty() ? "\"" : ",\"") + r + "\"";
  return createUser(name, R"("role":"custom","rights":[)" + list + "]");
}

HttpClient TestHost::createUser(const std::string& name, const std::string& access) const {
  auto admin = adminClient();
  const auto created = admin.post("/api/v1/users", R"({"name":")" + name + R"(","password":")" +
                                                       name + R"(-password",)" + access + "}");
  if (created.status != 201)
    throw std::runtime_error("could not create user " + name + ": " + created.body);
  HttpClient client(port());
  client.setAuth(name + ":" + name + "-password");
  return client;
}

bool eventually(const std::function<bool()>& predicate, int timeoutMs) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return predicate();
}

void requireCreated(const HttpResult& r) {
  INFO(r.body);
  REQUIRE(r.status == 201);
}

std::vector<std::string> taggedMessages(HttpClient& admin, const std::string& tag) {
  std::vector<std::string> out;
  auto list = admin.get("/api/v1/messages?limit=1000").json()->getArray("messages");
  for (unsigned i = list->size(); i-- > 0;) {  // the API lists the newest first
    auto m = list->getObject(i);
    if (m->isNull("tag") || m->getValue<std::string>("tag") != tag) continue;
    out.push_back(m->getValue<std::string>("to") + ": " + m->getValue<std::string>("text"));
  }
  return out;
}

std::string clockAt(int minuteOfDay) {
  const auto minute = (minuteOfDay % 1440 + 1440) % 1440;
  auto twoDigits = [](int n) { return (n < 10 ? "0" : "") + std::to_string(n); };
  return twoDigits(minute / 60) + ":" + twoDigits(minute % 60);
}

}  // namespace pigeon::test
