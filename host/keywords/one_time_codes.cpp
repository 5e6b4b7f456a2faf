#include "keywords/one_time_codes.h"

#include <array>

#include "auth/password_hasher.h"
#include "outbox/clock.h"
#include "repositories/code_repository.h"

namespace pigeon::host {

namespace {

constexpr std::int64_t kHourMs = 3600'000;

struct CheckName {
  CodeCheck check;
  const char* name;
};
constexpr std::array<CheckName, 5> kCheckNames{
    {{CodeCheck::kValid, "valid"},
     {CodeCheck::kWrong, "wrong"},
     {CodeCheck::kExpired, "expired"},
     {CodeCheck::kNone, "none"},
     {CodeCheck::kTooManyAttempts, "too_many_attempts"}}};

std::string codeHash(const std::string& phone, const std::string& purpose,
                     const std::string& code) {
  return sha256Hex(purpose + '\n' + phone + '\n' + code);
}

}  // namespace

const char* codeCheckName(CodeCheck check) {
  for (const auto& c : kCheckNames)
    if (c.check == check) return c.name;
  return "none";
}

std::string OneTimeCodes::issue(const std::string& phone, const std::string& purpose, int digits,
                                int ttlSeconds) {
  const auto now = nowMs();
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  if (db::CodeRepository::issuedSince(*c, phone, now - kHourMs) >= kMaxPerHour) return "";
  auto code = randomDigits(static_cast<std::size_t>(digits));
  db::CodeRepository::issue(*c, phone, purpose, codeHash(phone, purpose, code), now,
                            now + std::int64_t{ttlSeconds} * 1000);
  tx.commit();
  return code;
}

CodeCheck OneTimeCodes::verify(const std::string& phone, const std::string& purpose,
                               const std::string& code) {
  const auto now = nowMs();
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  auto latest = db::CodeRepository::latest(*c, phone, purpose);
  if (!latest || latest->usedAt) return CodeCheck::kNone;
  if (latest->expiresAt <= now) return CodeCheck::kExpired;
  if (latest->attempts >= kMaxAttempts) return CodeCheck::kTooManyAttempts;
  if (latest->codeHash != codeHash(phone, purpose, code)) {
    db::CodeRepository::countAttempt(*c, latest->id);
    tx.commit();
    return CodeCheck::kWrong;
  }
  db::CodeRepository::markUsed(*c, latest->id, now);
  tx.commit();
  return CodeCheck::kValid;
}

}  // namespace pigeon::host
