#pragma once
// Sender numbers as the send path and the inbox use them, kept in memory (a snapshot swapped
// on every change): which numbers a user may send from and their default, and whose inbox a
// reply to a number lands in. Changes are checked here (ApiError naming the field).

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "api/api_types.h"
#include "db/connection_pool.h"
#include "phone/phone_normalizer.h"
#include "providers/provider_set.h"
#include "repositories/number_repository.h"

namespace pigeon::host {

// What an admin gives for a number: users by name.
struct NumberInput {
  std::string number;
  std::string instance;
  std::string label;
  std::string owner;                                // user name; empty: none
  std::vector<std::pair<std::string, bool>> users;  // name, is their default
};

// Where a message goes from: the sender, and the provider instance the number belongs to
// (empty: the routing table picks).
struct Sender {
  std::string from;
  std::string instance;
};

class NumberDirectory {
public:
  NumberDirectory(db::ConnectionPool& pool, const phone::PhoneNormalizer& phones,
                  const ProviderSet& providers)
      : pool_(pool), phones_(phones), providers_(providers) {}

  void load();  // throws db::DbError
  std::vector<db::SenderNumber> list() const;
  db::SenderNumber create(const NumberInput& input);
  db::SenderNumber update(std::int64_t id, const NumberInput& input);
  void remove(std::int64_t id);

  // The sender a message of this caller goes from: the one asked for (a registered number
  // as registered, E.164 for a phone number), which must be one of the caller's numbers if they
  // have any, and may not be a number given to other users (manage_providers may use any); none
  // asked: their default. A caller with no numbers may use any unassigned sender. ApiError 403
  // naming `field`.
  Sender senderFor(const Caller& caller, const std::string& requested,
                   const std::string& field) const;
  // Whether the caller sees the number in lists: manage_providers sees all, others their own.
  static bool mayView(const Caller& caller, const db::SenderNumber& number);
  // Whose inbox a reply sent to `number` lands in: its owner; 0 when it has none.
  std::int64_t ownerOf(const std::string& number) const;

private:
  struct State {
    std::vector<db::SenderNumber> numbers;
    std::map<std::int64_t, std::vector<std::string>> byUser;  // the user's numbers
    std::map<std::int64_t, std::string> defaults;
    std::map<std::string, std::int64_t> owners;
    std::map<std::string, std::string> instances;  // number -> its instance, when it has one
    std::set<std::string> assigned;                // numbers given to some user
  };
  db::SenderNumber save(std::int64_t id, const NumberInput& input);
  void reload(db::Connection& c);
  std::shared_ptr<const State> state() const;

  db::ConnectionPool& pool_;
  const phone::PhoneNormalizer& phones_;
  const ProviderSet& providers_;
  mutable std::mutex mutex_;
  std::mutex changeMutex_;
  std::shared_ptr<const State> state_ = std::make_shared<State>();
};

}  // namespace pigeon::host
