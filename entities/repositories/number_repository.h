#pragma once
// Sender numbers (and alphanumeric sender ids): which provider instance they belong to, the
// user whose inbox their replies land in, and the users who may send from them (one of them
// each user's default).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"

namespace pigeon::db {

struct NumberUser {
  std::int64_t userId = 0;
  std::string userName;  // read only
  bool isDefault = false;
};

struct SenderNumber {
  std::int64_t id = 0;
  std::string number;  // E.164 for a phone number, else the sender id as written
  std::string instance;
  std::string label;
  std::int64_t ownerUserId = 0;  // 0: replies go to whoever last wrote from it
  std::string ownerName;         // read only
  std::vector<NumberUser> users;
  std::int64_t createdAt = 0;
  std::int64_t updatedAt = 0;
};

class NumberRepository {
public:
  static std::vector<SenderNumber> all(Connection& c);
  static std::int64_t insert(Connection& c, const SenderNumber& n, std::int64_t now);
  static bool update(Connection& c, const SenderNumber& n, std::int64_t now);
  static bool remove(Connection& c, std::int64_t id);
  // The users who may send from the number; a default clears the user's other defaults.
  static void setUsers(Connection& c, std::int64_t numberId, const std::vector<NumberUser>& users);
  // The user who last sent to `to` from `from` (0: nobody but the system).
  static std::int64_t lastSender(Connection& c, const std::string& to, const std::string& from);
};

}  // namespace pigeon::db
