#include "numbers/number_directory.h"

#include <algorithm>

#include "outbox/clock.h"
#include "repositories/user_repository.h"

namespace pigeon::host {

namespace {

constexpr std::size_t kMaxSenderId = 20;
constexpr std::size_t kMaxLabel = 100;

ApiError invalid(const std::string& message, const std::string& field) {
  return ApiError(422, "invalid_value", message, field);
}

std::int64_t userId(db::Connection& c, const std::string& name, const std::string& field) {
  auto user = db::UserRepository().findByName(c, name);
  if (!user) throw invalid("no user named '" + name + "'", field);
  return user->id;
}

}  // namespace

void NumberDirectory::load() {
  std::lock_guard change(changeMutex_);
  auto c = pool_.acquire();
  reload(*c);
}

void NumberDirectory::reload(db::Connection& c) {
  auto s = std::make_shared<State>();
  s->numbers = db::NumberRepository::all(c);
  for (const auto& n : s->numbers) {
    if (n.ownerUserId) s->owners[n.number] = n.ownerUserId;
    if (!n.instance.empty()) s->instances[n.number] = n.instance;
    for (const auto& u : n.users) {
      s->assigned.insert(n.number);
      s->byUser[u.userId].push_back(n.number);
      if (u.isDefault) s->defaults[u.userId] = n.number;
    }
  }
  std::lock_guard lock(mutex_);
  state_ = std::move(s);
}

std::shared_ptr<const NumberDirectory::State> NumberDirectory::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

std::vector<db::SenderNumber> NumberDirectory::list() const { return state()->numbers; }

db::SenderNumber NumberDirectory::save(std::int64_t id, const NumberInput& input) {
  db::SenderNumber n;
  n.id = id;
  auto phone = phones_.normalize(input.number);
  if (phone.ok) {
    n.number = phone.e164;
  } else if (!input.number.empty() && input.number.size() <= kMaxSenderId &&
             input.number.front() != '+' &&
             std::all_of(input.number.begin(), input.number.end(),
                         [](unsigned char ch) { return ch > 0x20 && ch < 0x7f; })) {
    n.number = input.number;  // an alphanumeric sender id or a short code
  } else {
    throw invalid("'" + input.number + "' is neither a phone number nor a sender id of 1 to 20 " +
                      "printable characters",
                  "number");
  }
  if (!input.instance.empty() && !providers_.find(input.instance))
    throw invalid("no provider instance named '" + input.instance + "'", "instance");
  if (input.label.size() > kMaxLabel) throw invalid("label is longer than 100 bytes", "label");
  n.instance = input.instance;
  n.label = input.label;
  std::lock_guard change(changeMutex_);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  if (!input.owner.empty()) n.ownerUserId = userId(*c, input.owner, "owner");
  std::vector<db::NumberUser> users;
  for (std::size_t i = 0; i < input.users.size(); ++i) {
    const auto field = "users[" + std::to_string(i) + "].user";
    const auto user = userId(*c, input.users[i].first, field);
    for (const auto& earlier : users)
      if (earlier.userId == user)
        throw invalid("user '" + input.users[i].first + "' is listed twice", field);
    users.push_back({user, "", input.users[i].second});
  }
  const auto before = state();
  for (const auto& other : before->numbers)
    if (other.number == n.number && other.id != id)
      throw ApiError(409, "number_taken", n.number + " is a sender number already", "number");
  if (id == 0)
    n.id = db::NumberRepository::insert(*c, n, nowMs());
  else if (!db::NumberRepository::update(*c, n, nowMs()))
    throw ApiError(404, "not_found", "no sender number " + std::to_string(id));
  db::NumberRepository::setUsers(*c, n.id, users);
  tx.commit();
  reload(*c);
  const auto after = state();
  for (const auto& saved : after->numbers)
    if (saved.id == n.id) return saved;
  return n;
}

db::SenderNumber NumberDirectory::create(const NumberInput& input) { return save(0, input); }

db::SenderNumber NumberDirectory::update(std::int64_t id, const NumberInput& input) {
  return save(id, input);
}

void NumberDirectory::remove(std::int64_t id) {
  std::lock_guard change(changeMutex_);
  auto c = pool_.acquire();
  db::Transaction tx(*c);
  if (!db::NumberRepository::remove(*c, id))
    throw ApiError(404, "not_found", "no sender number " + std::to_string(id));
  tx.commit();
  reload(*c);
}

Sender NumberDirectory::senderFor(const Caller& caller, const std::string& requested,
                                  const std::string& field) const {
  const auto s = state();
  auto withInstance = [&s](const std::string& number) {
    auto it = s->instances.find(number);
    return Sender{number, it == s->instances.end() ? std::string() : it->second};
  };
  auto mine = s->byUser.find(caller.userId);
  if (requested.empty()) {
    if (mine == s->byUser.end()) return {};
    auto d = s->defaults.find(caller.userId);
    return withInstance(d == s->defaults.end() ? mine->second.front() : d->second);
  }
  const auto phone = phones_.normalize(requested);
  const auto wanted = phone.ok ? phone.e164 : requested;
  // A registered number goes as registered; any other sender as written.
  const bool registered = std::any_of(s->numbers.begin(), s->numbers.end(),
                                      [&wanted](const auto& n) { return n.number == wanted; });
  if (caller.can("manage_providers"))
    return registered ? withInstance(wanted) : Sender{requested, ""};
  if (mine != s->byUser.end()) {
    const auto& numbers = mine->second;
    if (std::find(numbers.begin(), numbers.end(), wanted) != numbers.end())
      return withInstance(wanted);
    std::string list;
    for (const auto& n : numbers) list += (list.empty() ? "" : ", ") + n;
    throw ApiError(403, "forbidden", "you may send from " + list + " only", field);
  }
  if (s->assigned.count(wanted))
    throw ApiError(403, "forbidden", wanted + " is a sender number of other users", field);
  return registered ? withInstance(wanted) : Sender{requested, ""};
}

bool NumberDirectory::mayView(const Caller& caller, const db::SenderNumber& number) {
  if (caller.can("manage_providers") || number.ownerUserId == caller.userId) return true;
  return std::any_of(number.users.begin(), number.users.end(),
                     [&caller](const db::NumberUser& u) { return u.userId == caller.userId; });
}

std::int64_t NumberDirectory::ownerOf(const std::string& number) const {
  const auto s = state();
  if (auto it = s->owners.find(number); it != s->owners.end()) return it->second;
  // Providers give our number as they like: "79001112233" is "+79001112233".
  if (!number.empty() && number.front() != '+')
    if (auto it = s->owners.find("+" + number); it != s->owners.end()) return it->second;
  return 0;
}

}  // namespace pigeon::host
