#pragma once
// One-time codes: issued by a keyword handler (REG -> "your code is 482913"), verified by the
// CRM. Only a hash is stored; a code works once, for a limited time and a few attempts, and a
// newer code for the same number and purpose replaces it. Never a password.

#include <string>

#include "db/connection_pool.h"

namespace pigeon::host {

enum class CodeCheck { kValid, kWrong, kExpired, kNone, kTooManyAttempts };
const char* codeCheckName(CodeCheck check);

class OneTimeCodes {
public:
  static constexpr int kMaxAttempts = 5;
  static constexpr int kMaxPerHour = 5;  // per number: a keyword must not become an SMS pump

  explicit OneTimeCodes(db::ConnectionPool& pool) : pool_(pool) {}

  // The new code, or an empty string when the number had kMaxPerHour codes in the last hour.
  // Throws db::DbError.
  std::string issue(const std::string& phone, const std::string& purpose, int digits,
                    int ttlSeconds);
  CodeCheck verify(const std::string& phone, const std::string& purpose, const std::string& code);

private:
  db::ConnectionPool& pool_;
};

}  // namespace pigeon::host
