#include "repositories/number_repository.h"

#include <map>

namespace pigeon::db {

std::vector<SenderNumber> NumberRepository::all(Connection& c) {
  std::vector<SenderNumber> out;
  std::map<std::int64_t, std::size_t> at;
  auto rows = c.query(
      "SELECT n.id, n.number, n.instance, n.label, n.owner_user_id, u.name, n.created_at,"
      " n.updated_at FROM sender_numbers n LEFT JOIN users u ON u.id = n.owner_user_id"
      " ORDER BY n.number");
  for (const auto& r : rows.rows) {
    at[asInt(r[0])] = out.size();
    out.push_back({asInt(r[0]),
                   asString(r[1]),
                   asString(r[2]),
                   asString(r[3]),
                   asInt(r[4]),
                   asString(r[5]),
                   {},
                   asInt(r[6]),
                   asInt(r[7])});
  }
  auto users = c.query(
      "SELECT un.number_id, un.user_id, u.name, un.is_default FROM user_numbers un"
      " JOIN users u ON u.id = un.user_id ORDER BY u.name");
  for (const auto& r : users.rows)
    if (auto it = at.find(asInt(r[0])); it != at.end())
      out[it->second].users.push_back({asInt(r[1]), asString(r[2]), asInt(r[3]) != 0});
  return out;
}

std::int64_t NumberRepository::insert(Connection& c, const SenderNumber& n, std::int64_t now) {
  return c.insert(
      "INSERT INTO sender_numbers (number, instance, label, owner_user_id, created_at,"
      " updated_at) VALUES (?, ?, ?, ?, ?, ?)",
      {n.number, textOrNull(n.instance), textOrNull(n.label), intOrNull(n.ownerUserId), now, now});
}

bool NumberRepository::update(Connection& c, const SenderNumber& n, std::int64_t now) {
  return c.execute(
             "UPDATE sender_numbers SET number = ?, instance = ?, label = ?, owner_user_id = ?,"
             " updated_at = ? WHERE id = ?",
             {n.number, textOrNull(n.instance), textOrNull(n.label), intOrNull(n.ownerUserId), now,
              n.id}) > 0;
}

bool NumberRepository::remove(Connection& c, std::int64_t id) {
  c.execute("DELETE FROM user_numbers WHERE number_id = ?", {id});
  return c.execute("DELETE FROM sender_numbers WHERE id = ?", {id}) > 0;
}

void NumberRepository::setUsers(Connection& c, std::int64_t numberId,
                                const std::vector<NumberUser>& users) {
  c.execute("DELETE FROM user_numbers WHERE number_id = ?", {numberId});
  for (const auto& u : users) {
    if (u.isDefault)
      c.execute("UPDATE user_numbers SET is_default = 0 WHERE user_id = ?", {u.userId});
    c.execute("INSERT INTO user_numbers (user_id, number_id, is_default) VALUES (?, ?, ?)",
              {u.userId, numberId, std::int64_t{u.isDefault ? 1 : 0}});
  }
}

std::int64_t NumberRepository::lastSender(Connection& c, const std::string& to,
                                          const std::string& from) {
  auto rows = c.query(
      "SELECT user_id FROM messages WHERE to_number = ? AND from_number = ? AND user_id <> 0"
      " ORDER BY id DESC LIMIT 1",
      {to, from});
  return rows.empty() ? 0 : asInt(rows.rows[0][0]);
}

}  // namespace pigeon::db
