#include "auth/session_manager.h"

#include <algorithm>

#include "auth/password_hasher.h"
#include "outbox/clock.h"
#include "repositories/session_repository.h"
#include "repositories/user_repository.h"

namespace pigeon::host {

namespace {

std::int64_t ms(std::chrono::milliseconds d) { return d.count(); }

}  // namespace

SessionManager::SessionManager(db::ConnectionPool& pool, SessionSettings settings)
    : pool_(pool), settings_(settings) {}

std::variant<Session, LoginRefusal> SessionManager::login(const std::string& name,
                                                          const std::string& password) {
  db::UserRepository users;
  std::optional<db::UserRecord> user;
  {
    auto c = pool_.acquire();
    user = users.findByName(*c, name);
  }
  const auto now = nowMs();
  const bool usable = user && !user->disabled;
  if (usable && user->lockedUntil > now) return LoginRefusal::kLocked;

  // An unknown name costs the same argon2id check as a known one: the answer's timing must
  // not tell which names exist.
  static const std::string kDummyHash = hashPassword(randomToken(16));
  verifications_.acquire();  // argon2id is 64 MiB a time: a few at once, the rest queue
  const bool ok = verifyPassword(usable ? user->passwordHash : kDummyHash, password) && usable;
  verifications_.release();
  if (!usable) return LoginRefusal::kWrongCredentials;

  auto c = pool_.acquire();
  if (!ok) {
    users.recordLoginFailure(*c, user->id, settings_.maxFailures, now,
                             now + ms(settings_.lockout));
    auto after = users.findById(*c, user->id);
    return after && after->lockedUntil > now ? LoginRefusal::kLocked
                                             : LoginRefusal::kWrongCredentials;
  }
  Session session{randomToken(), randomToken(), {user->id, user->name, user->rights}};
  db::Transaction tx(*c);
  // A lock set while this check waited its turn still holds.
  auto current = users.findById(*c, user->id);
  if (!current || current->disabled) return LoginRefusal::kWrongCredentials;
  if (current->lockedUntil > now) return LoginRefusal::kLocked;
  if (current->failedLogins > 0) users.clearLoginFailures(*c, user->id);
  db::SessionRepository sessions;
  sessions.removeExpired(*c, now);
  sessions.create(*c, sha256Hex(session.token), user->id, session.csrf, now,
                  now + ms(settings_.idle));
  tx.commit();
  return session;
}

std::optional<Session> SessionManager::resume(const std::string& token) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  const auto now = nowMs();
  auto c = pool_.acquire();
  db::SessionRepository sessions;
  auto s = sessions.find(*c, sha256Hex(token));
  if (!s || s->expiresAt < now || now - s->createdAt > ms(settings_.absolute)) return std::nullopt;
  auto user = db::UserRepository().findById(*c, s->userId);
  if (!user || user->disabled) return std::nullopt;
  // Extending costs a write: done only once half the idle time has passed.
  const auto idle = ms(settings_.idle);
  if (s->expiresAt - now < idle / 2) sessions.extend(*c, s->id, now + idle);
  return Session{{}, s->csrf, {user->id, user->name, user->rights}};
}

void SessionManager::logout(const std::string& token) {
  if (token.empty()) return;
  auto c = pool_.acquire();
  db::SessionRepository().remove(*c, sha256Hex(token));
}

}  // namespace pigeon::host
