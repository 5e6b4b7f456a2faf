#include "auth/authenticator.h"

#include <Poco/Base64Decoder.h>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "auth/password_hasher.h"

namespace pigeon::host {

namespace {
constexpr std::size_t kMaxCached = 10000;
constexpr auto kFailureTtl = std::chrono::seconds(2);

Caller callerOf(const db::UserRecord& u) { return {u.id, u.name, u.rights}; }
}  // namespace

bool Caller::can(std::string_view right) const {
  return std::find(rights.begin(), rights.end(), right) != rights.end();
}

Authenticator::Authenticator(db::ConnectionPool& pool, std::chrono::seconds cacheTtl)
    : pool_(pool), ttl_(cacheTtl) {}

std::optional<Caller> Authenticator::authenticate(const std::string& authorization) {
  const auto space = authorization.find(' ');
  if (space == std::string::npos) return std::nullopt;
  auto scheme = authorization.substr(0, space);
  // Scheme names are case-insensitive (RFC 9110); credentials are not.
  for (auto& ch : scheme) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const auto value = authorization.substr(space + 1);
  if (value.empty() || value.size() > 4096) return std::nullopt;

  const auto key = sha256Hex(authorization);
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end() && it->second.until > now) return it->second.caller;
  }
  std::optional<Caller> caller;
  if (scheme == "basic")
    caller = basic(value);
  else if (scheme == "bearer")
    caller = bearer(value);
  std::lock_guard lock(mutex_);
  if (cache_.size() >= kMaxCached) cache_.clear();
  // A wrong credential is remembered briefly too: repeating it costs no second argon2id hash.
  cache_[key] = {caller, now + (caller ? ttl_ : kFailureTtl)};
  return caller;
}

bool Authenticator::cached(const std::string& authorization, std::optional<Caller>& caller) {
  const auto key = sha256Hex(authorization);
  std::lock_guard lock(mutex_);
  auto it = cache_.find(key);
  if (it == cache_.end() || it->second.until <= std::chrono::steady_clock::now()) return false;
  caller = it->second.caller;
  return true;
}

void Authenticator::invalidate() {
  std::lock_guard lock(mutex_);
  cache_.clear();
}

std::optional<Caller> Authenticator::basic(const std::string& encoded) {
  std::string decoded;
  try {
    std::istringstream in(encoded);
    Poco::Base64Decoder decoder(in);
    decoded.assign(std::istreambuf_iterator<char>(decoder), {});
  } catch (const std::exception&) {
    return std::nullopt;
  }
  const auto colon = decoded.find(':');
  if (colon == std::string::npos) return std::nullopt;
  std::optional<db::UserRecord> user;
  {
    auto c = pool_.acquire();
    user = users_.findByName(*c, decoded.substr(0, colon));
  }
  if (!user || user->disabled) return std::nullopt;
  // argon2id takes 64 MiB and tens of milliseconds by design: a few at a time, so a flood of
  // guesses queues up instead of exhausting memory.
  verifications_.acquire();
  const bool ok = verifyPassword(user->passwordHash, decoded.substr(colon + 1));
  verifications_.release();
  if (!ok) return std::nullopt;
  return callerOf(*user);
}

std::optional<Caller> Authenticator::bearer(const std::string& token) {
  auto c = pool_.acquire();
  auto user = users_.findByApiKeyHash(*c, sha256Hex(token));
  if (!user || user->disabled) return std::nullopt;
  return callerOf(*user);
}

}  // namespace pigeon::host
