#pragma once
// A whole pigeond host in-process for a test: its own store, port 0, the real simulator
// plugin, and the admin's password known to the test.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/host.h"
#include "support/http_client.h"
#include "support/test_store.h"

namespace pigeon::test {

inline constexpr const char* kAdminPassword = "test-admin-password";

class TestHost {
public:
  // `settings` are extra or overriding config properties, e.g. {"provider.sim.delay_ms","5"}.
  explicit TestHost(const std::string& backend = "sqlite",
                    const std::map<std::string, std::string>& settings = {});
  ~TestHost();

  host::Host& host() { return *host_; }
  int port() const { return host_->httpPort(); }
  HttpClient adminClient() const;
  // Creates a user with the role (through the API, as the admin) and signs in as them; the
  // password is "<name>-password".
  HttpClient userClient(const std::string& name, const std::string& role) const;
  // The same for a user with exactly these rights (the role "custom").
  HttpClient userWithRights(const std::string& name, const std::vector<std::string>& rights) const;
  const std::string& backend() const { return store_->backend(); }

private:
  HttpClient createUser(const std::string& name, const std::string& access) const;

  std::unique_ptr<TestStore> store_;
  std::unique_ptr<host::Host> host_;
};

// Polls until the predicate holds or the deadline passes; returns the last result. For
// asynchronous outcomes only (a delivery report), never in place of a synchronisation.
bool eventually(const std::function<bool()>& predicate, int timeoutMs = 10000);

// REQUIREs a 201 Created answer, showing its body when it is not.
void requireCreated(const HttpResult& r);

// The outbox's messages with this tag (campaign, reminder, alert), as "to: text", oldest first.
std::vector<std::string> taggedMessages(HttpClient& admin, const std::string& tag);
// "HH:MM" of a minute of the day (wrapping past midnight either way), for quiet hours.
std::string clockAt(int minuteOfDay);

}  // namespace pigeon::test
