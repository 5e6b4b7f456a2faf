#pragma once
// Who is calling: HTTP Basic (name + password) or "Authorization: Bearer <api key>".
// A password is verified with argon2id once, then the result is cached under a SHA-256 of the
// credentials for a short time, so a busy API client does not pay for a hash per request.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>
#include <unordered_map>
#include <vector>

#include "db/connection_pool.h"
#include "repositories/user_repository.h"

namespace pigeon::host {

struct Caller {
  std::int64_t userId = 0;
  std::string name;
  std::vector<std::string> rights;
  bool can(std::string_view right) const;
};

class Authenticator {
public:
  explicit Authenticator(db::ConnectionPool& pool,
                         std::chrono::seconds cacheTtl = std::chrono::seconds(60));

  // The caller for an Authorization header value, or nothing when it does not check out.
  std::optional<Caller> authenticate(const std::string& authorization);
  // The cached answer for the header, without touching the store or hashing a password: true
  // and `caller` set (nullopt = a recent failure) when there is one. For the HTTP server's
  // event loop, which must not block; a miss goes to authenticate() on a worker.
  bool cached(const std::string& authorization, std::optional<Caller>& caller);
  // Drops every cached credential (after a password or rights change).
  void invalidate();

private:
  std::optional<Caller> basic(const std::string& encoded);
  std::optional<Caller> bearer(const std::string& token);

  db::ConnectionPool& pool_;
  db::UserRepository users_;
  std::chrono::seconds ttl_;
  std::mutex mutex_;
  std::counting_semaphore<> verifications_{2};
  struct Cached {
    std::optional<Caller> caller;  // nullopt: a recent failure
    std::chrono::steady_clock::time_point until;
  };
  std::unordered_map<std::string, Cached> cache_;
};

}  // namespace pigeon::host
