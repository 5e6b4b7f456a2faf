#pragma once
// Admin site sessions: login with a password (argon2id), a random cookie whose SHA-256 is
// stored, a CSRF token per session, idle and absolute expiry, and lockout after repeated
// failures so a password cannot be guessed through the login form.

#include <chrono>
#include <optional>
#include <semaphore>
#include <string>
#include <variant>

#include "auth/authenticator.h"
#include "db/connection_pool.h"

namespace pigeon::host {

struct SessionSettings {
  std::chrono::minutes idle{30};
  std::chrono::hours absolute{12};
  int maxFailures = 5;
  std::chrono::minutes lockout{15};
};

struct Session {
  std::string token;  // the cookie value (only on login)
  std::string csrf;
  Caller caller;
};

enum class LoginRefusal { kWrongCredentials, kLocked };

class SessionManager {
public:
  SessionManager(db::ConnectionPool& pool, SessionSettings settings = {});

  std::variant<Session, LoginRefusal> login(const std::string& name, const std::string& password);
  // The session for a cookie value, extended on use; nothing when unknown, expired or the
  // user was disabled.
  std::optional<Session> resume(const std::string& token);
  void logout(const std::string& token);

  const SessionSettings& settings() const { return settings_; }

private:
  db::ConnectionPool& pool_;
  SessionSettings settings_;
  std::counting_semaphore<> verifications_{2};
};

}  // namespace pigeon::host
