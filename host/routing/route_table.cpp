#include "routing/route_table.h"

namespace pigeon::host {

namespace {

// One row per criterion: what the rule asks for, what the message has, how it reads.
struct Criterion {
  const std::string RouteRule::*wanted;
  std::string_view RouteQuery::*actual;
  bool prefix;  // starts-with instead of equality
  const char* label;
};
constexpr Criterion kCriteria[] = {
    {&RouteRule::prefix, &RouteQuery::to, true, "destination starts with"},
    {&RouteRule::sender, &RouteQuery::from, false, "sender is"},
    {&RouteRule::tag, &RouteQuery::tag, false, "tag is"},
    {&RouteRule::provider, &RouteQuery::provider, false, "caller asked for"},
};

bool matches(const RouteRule& rule, const RouteQuery& query) {
  for (const auto& c : kCriteria) {
    const auto& wanted = rule.*c.wanted;
    if (wanted.empty()) continue;
    const auto actual = query.*c.actual;
    if (c.prefix ? !actual.starts_with(wanted) : actual != wanted) return false;
  }
  return true;
}

std::string reasons(const RouteRule& rule) {
  std::string out;
  for (const auto& c : kCriteria)
    if (const auto& wanted = rule.*c.wanted; !wanted.empty())
      out += std::string(out.empty() ? "" : ", ") + c.label + " " + wanted;
  return out.empty() ? "matches every message" : out;
}

}  // namespace

RouteMatch RouteTable::match(const RouteQuery& query, const std::string& defaultInstance,
                             bool explain) const {
  RouteMatch m;
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    if (!matches(rules_[i], query)) continue;
    m.rule = static_cast<int>(i);
    m.routeName = rules_[i].name;
    m.instances = rules_[i].instances;
    if (explain)
      m.why = "route " + std::to_string(i + 1) + " '" + rules_[i].name + "': " + reasons(rules_[i]);
    return m;
  }
  const std::string provider(query.provider);
  if (!provider.empty()) {
    m.instances = {provider};
    if (explain) m.why = "no route matched; the caller asked for instance '" + provider + "'";
  } else if (!defaultInstance.empty()) {
    m.instances = {defaultInstance};
    if (explain) m.why = "no route matched; the default instance '" + defaultInstance + "'";
  } else if (explain) {
    m.why = "no route matched and no default instance is configured";
  }
  return m;
}

bool RouteTable::routesProvider(const std::string& name) const {
  for (const auto& r : rules_)
    if (r.provider == name) return true;
  return false;
}

}  // namespace pigeon::host
