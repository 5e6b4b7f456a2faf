#include "e2e/e2e_support.h"

#include <chrono>
#include <cstdlib>
#include <thread>

namespace pigeon::test {

void useE2eAdminPassword() { ::setenv("PIGEON_ADMIN_PASSWORD", kE2eAdminPassword, 1); }

HttpClient adminOf(int port) {
  HttpClient client(port);
  client.setAuth(std::string("admin:") + kE2eAdminPassword);
  return client;
}

bool waitFor(const std::function<bool()>& predicate, int seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return predicate();
}

std::int64_t count(db::Connection& c, const std::string& sql, const db::Params& params) {
  return db::asInt(c.query(sql, params).rows.at(0).at(0));
}

}  // namespace pigeon::test
