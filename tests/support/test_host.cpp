#include "support/test_host.h"

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

}  // namespace pigeon::test
