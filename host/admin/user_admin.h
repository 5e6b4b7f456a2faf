#pragma once
// Users, their rights and their API keys, as the admin site and the management API change
// them. Every change is checked here (names, passwords, rights, nobody edits their own
// rights), audited in the same transaction, and ends the sessions it affects.

#include <optional>
#include <string>
#include <vector>

#include "auth/authenticator.h"
#include "db/connection_pool.h"
#include "repositories/user_repository.h"

namespace pigeon::host {

struct UserForm {
  std::string name;
  std::string password;
  std::string role;
  std::vector<std::string> rights;  // used when role is "custom"
  bool disabled = false;
};

struct NewApiKey {
  std::int64_t id = 0;
  std::string label;
  std::string token;  // shown once; only its hash is stored
};

class UserAdmin {
public:
  UserAdmin(db::ConnectionPool& pool, Authenticator& auth);

  std::vector<db::UserRecord> list();
  std::optional<db::UserRecord> find(std::int64_t id);
  std::vector<db::ApiKeyRecord> apiKeys(std::int64_t userId);

  // Each throws ApiError 422 naming the field for bad input, 404 for an unknown user, and
  // 403 when `who` changes their own rights.
  std::int64_t create(const Caller& who, const UserForm& form);
  void updateAccess(const Caller& who, std::int64_t id, const UserForm& form);
  void setPassword(const Caller& who, std::int64_t id, const std::string& password);
  // ApiError 422 naming the field "password" unless it is 10 to 256 characters.
  static void checkPassword(const std::string& password);
  NewApiKey createApiKey(const Caller& who, std::int64_t userId, const std::string& label);
  void revokeApiKey(const Caller& who, std::int64_t userId, std::int64_t keyId);

private:
  std::vector<std::string> rightsFor(const UserForm& form) const;
  db::UserRecord existing(db::Connection& c, std::int64_t id);
  void forgetSessions(db::Connection& c, std::int64_t userId);

  db::ConnectionPool& pool_;
  Authenticator& auth_;
  db::UserRepository users_;
};

}  // namespace pigeon::host
