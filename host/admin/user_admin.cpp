#include "admin/user_admin.h"

#include <algorithm>

#include "admin/audit_log.h"
#include "admin/roles.h"
#include "api/api_types.h"
#include "auth/password_hasher.h"
#include "auth/rights.h"
#include "outbox/clock.h"
#include "repositories/session_repository.h"

namespace pigeon::host {

namespace {

constexpr std::size_t kMaxName = 64;
constexpr std::size_t kMinPassword = 10;
constexpr std::size_t kMaxPassword = 256;
constexpr std::size_t kMaxLabel = 100;

bool nameCharacter(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         ch == '.' || ch == '_' || ch == '-' || ch == '@';
}

void checkName(const std::string& name) {
  if (name.empty() || name.size() > kMaxName ||
      !std::all_of(name.begin(), name.end(), nameCharacter))
    throw ApiError(422, "invalid_name",
                   "User name must be 1 to 64 letters, digits or . _ - @ characters", "name");
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

std::string accessJson(const db::UserRecord& u) {
  return auditJson({{"role", u.role},
                    {"rights", joined(u.rights)},
                    {"disabled", u.disabled ? "true" : "false"}});
}

}  // namespace

UserAdmin::UserAdmin(db::ConnectionPool& pool, Authenticator& auth) : pool_(pool), auth_(auth) {}

void UserAdmin::checkPassword(const std::string& password) {
  if (password.size() < kMinPassword || password.size() > kMaxPassword)
    throw ApiError(422, "invalid_password", "Password must be 10 to 256 characters long",
                   "password");
}

std::vector<db::UserRecord> UserAdmin::list() {
  auto c = pool_.acquire();
  return users_.list(*c);
}

std::optional<db::UserRecord> UserAdmin::find(std::int64_t id) {
  auto c = pool_.acquire();
  return users_.findById(*c, id);
}

std::vector<db::ApiKeyRecord> UserAdmin::apiKeys(std::int64_t userId) {
  auto c = pool_.acquire();
  return users_.listApiKeys(*c, userId);
}

std::vector<std::string> UserAdmin::rightsFor(const UserForm& form) const {
  const auto* role = findRole(form.role);
  if (!role) throw ApiError(422, "invalid_role", "Role '" + form.role + "' does not exist", "role");
  if (role->name != "custom") return {role->rights.begin(), role->rights.end()};
  std::vector<std::string> rights;
  // Kept in the canonical order, without repeats, whatever order the form sent them in.
  for (auto right : kAllRights)
    if (std::find(form.rights.begin(), form.rights.end(), right) != form.rights.end())
      rights.emplace_back(right);
  for (const auto& r : form.rights)
    if (std::find(kAllRights.begin(), kAllRights.end(), r) == kAllRights.end())
      throw ApiError(422, "invalid_right", "Right '" + r + "' does not exist", "rights");
  return rights;
}

db::UserRecord UserAdmin::existing(db::Connection& c, std::int64_t id) {
  auto user = users_.findById(c, id);
  if (!user) throw ApiError(404, "not_found", "no user " + std::to_string(id));
  return *user;
}

void UserAdmin::forgetSessions(db::Connection& c, std::int64_t userId) {
  db::SessionRepository().removeForUser(c, userId);
}

std::int64_t UserAdmin::create(const Caller& who, const UserForm& form) {
  checkName(form.name);
  checkPassword(form.password);
  const auto rights = rightsFor(form);
  const auto hash = hashPassword(form.password);  // slow: outside the transaction
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  if (users_.findByName(*c, form.name))
    throw ApiError(409, "name_taken", "User name '" + form.name + "' is already taken", "name");
  const auto id = users_.create(*c, form.name, hash, rights, nowMs(), form.role);
  auto created = existing(*c, id);
  recordAudit(*c, who, "user.create", form.name, "", accessJson(created));
  tx.commit();
  return id;
}

void UserAdmin::updateAccess(const Caller& who, std::int64_t id, const UserForm& form) {
  if (id == who.userId)
    throw ApiError(403, "own_rights",
                   "You cannot change your own role, rights or status; ask another admin", "role");
  const auto rights = rightsFor(form);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  const auto before = existing(*c, id);
  users_.updateAccess(*c, id, form.role, rights, form.disabled);
  const auto after = existing(*c, id);
  recordAudit(*c, who, "user.update", before.name, accessJson(before), accessJson(after));
  forgetSessions(*c, id);
  tx.commit();
  auth_.invalidate();
}

void UserAdmin::setPassword(const Caller& who, std::int64_t id, const std::string& password) {
  checkPassword(password);
  const auto hash = hashPassword(password);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  const auto user = existing(*c, id);
  users_.setPassword(*c, id, hash);
  recordAudit(*c, who, "user.password", user.name, "", auditJson({{"password", "(changed)"}}));
  forgetSessions(*c, id);
  tx.commit();
  auth_.invalidate();
}

NewApiKey UserAdmin::createApiKey(const Caller& who, std::int64_t userId,
                                  const std::string& label) {
  if (label.size() > kMaxLabel)
    throw ApiError(422, "invalid_label", "Label is longer than 100 characters", "label");
  NewApiKey key;
  key.label = label;
  key.token = randomToken();
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  const auto user = existing(*c, userId);
  key.id = users_.addApiKey(*c, userId, sha256Hex(key.token), label, nowMs());
  recordAudit(*c, who, "api_key.create", user.name, "",
              auditJson({{"key", std::to_string(key.id)}, {"label", label}}));
  tx.commit();
  return key;
}

void UserAdmin::revokeApiKey(const Caller& who, std::int64_t userId, std::int64_t keyId) {
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  const auto user = existing(*c, userId);
  if (!users_.revokeApiKey(*c, userId, keyId, nowMs()))
    throw ApiError(404, "not_found",
                   "user '" + user.name + "' has no live API key " + std::to_string(keyId));
  recordAudit(*c, who, "api_key.revoke", user.name, auditJson({{"key", std::to_string(keyId)}}),
              "");
  tx.commit();
  auth_.invalidate();  // a cached bearer token must stop working now
}

}  // namespace pigeon::host
