#include "routing/route_service.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>

#include "admin/audit_log.h"
#include "api/api_types.h"
#include "repositories/route_repository.h"

namespace pigeon::host {

namespace {

constexpr std::size_t kMaxRules = 1000;
constexpr std::size_t kMaxInstancesPerRule = 16;
constexpr std::size_t kMaxName = 64;
constexpr std::size_t kMaxPrefix = 16;  // '+' and up to 15 digits, as E.164
constexpr std::size_t kMaxSender = 20;

bool printable(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char ch) { return ch >= 0x20 && ch != 0x7f; });
}

bool digits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char ch) { return std::isdigit(ch) != 0; });
}

std::vector<db::StoredRoute> stored(const std::vector<RouteRule>& rules) {
  std::vector<db::StoredRoute> out;
  for (const auto& r : rules)
    out.push_back({r.name, r.prefix, r.sender, r.tag, r.provider, r.instances});
  return out;
}

// The table as the audit log shows it: one line per rule.
std::string describe(const std::vector<RouteRule>& rules) {
  std::map<std::string, std::string> lines;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& r = rules[i];
    std::string line = r.name + ": prefix=" + r.prefix + " sender=" + r.sender + " tag=" + r.tag +
                       " provider=" + r.provider + " ->";
    for (const auto& n : r.instances) line += " " + n;
    char key[24];
    std::snprintf(key, sizeof key, "%04zu", i + 1);
    lines[key] = line;
  }
  return auditJson(lines);
}

}  // namespace

void RouteService::load() {
  auto c = pool_.acquire();
  std::vector<RouteRule> rules;
  for (auto& r : db::RouteRepository().all(*c))
    rules.push_back({r.name, r.prefix, r.sender, r.tag, r.provider, r.instances});
  auto table = std::make_shared<const RouteTable>(std::move(rules));
  std::lock_guard lock(mutex_);
  table_ = std::move(table);
}

std::shared_ptr<const RouteTable> RouteService::table() const {
  std::lock_guard lock(mutex_);
  return table_;
}

RouteMatch RouteService::match(const RouteQuery& query, bool explain) const {
  return table()->match(query, providers_.defaultName(), explain);
}

void RouteService::validate(std::vector<RouteRule>& rules) const {
  if (rules.size() > kMaxRules)
    throw ApiError(422, "too_many_routes",
                   "the routing table holds at most " + std::to_string(kMaxRules) + " routes",
                   "routes");
  for (std::size_t i = 0; i < rules.size(); ++i) {
    auto& r = rules[i];
    const auto at = "routes[" + std::to_string(i) + "].";
    auto fail = [&](const std::string& field, const std::string& what) {
      throw ApiError(422, "invalid_route", "field '" + at + field + "' " + what, at + field);
    };
    if (r.name.empty() || r.name.size() > kMaxName || !printable(r.name))
      fail("name", "must be 1 to 64 printable characters");
    if (!r.prefix.empty()) {
      if (r.prefix[0] != '+') r.prefix.insert(0, "+");  // "7916" means +7916
      if (r.prefix.size() > kMaxPrefix || !digits(std::string_view(r.prefix).substr(1)))
        fail("prefix", "must be '+' and 1 to 15 digits, got '" + r.prefix + "'");
    }
    if (r.sender.size() > kMaxSender || !printable(r.sender))
      fail("sender", "must be at most 20 printable characters");
    if (r.tag.size() > kMaxName || !printable(r.tag))
      fail("tag", "must be at most 64 printable characters");
    if (r.provider.size() > kMaxName || !printable(r.provider))
      fail("provider", "must be at most 64 printable characters");
    if (r.instances.empty() || r.instances.size() > kMaxInstancesPerRule)
      fail("instances", "must list 1 to 16 provider instances");
    for (std::size_t k = 0; k < r.instances.size(); ++k) {
      const auto& name = r.instances[k];
      if (!providers_.find(name))
        fail("instances[" + std::to_string(k) + "]",
             "names provider instance '" + name + "', which does not exist");
      if (std::find(r.instances.begin(), r.instances.begin() + static_cast<long>(k), name) !=
          r.instances.begin() + static_cast<long>(k))
        fail("instances[" + std::to_string(k) + "]", "lists '" + name + "' twice");
    }
  }
}

void RouteService::replace(const Caller& who, std::vector<RouteRule> rules) {
  std::lock_guard edit(editMutex_);
  validate(rules);
  auto before = table();
  {
    auto c = pool_.acquire();
    db::Transaction tx(*c);
    db::RouteRepository().replaceAll(*c, stored(rules));
    recordAudit(*c, who, "routes.replace", "routes", describe(before->rules()), describe(rules));
    tx.commit();
  }
  auto table = std::make_shared<const RouteTable>(std::move(rules));
  std::lock_guard lock(mutex_);
  table_ = std::move(table);
}

}  // namespace pigeon::host
