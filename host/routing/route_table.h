#pragma once
// The MT routing table: ordered rules, the first that matches a message wins. A rule names the
// provider instances to try, in order; the next one takes over when one is down or answers
// no_route. A message no rule matches goes where its caller asked, else to the default.

#include <string>
#include <string_view>
#include <vector>

namespace pigeon::host {

struct RouteRule {
  std::string name;                    // shown in explanations and the timeline
  std::string prefix;                  // destination E.164 prefix ("+7916"); empty = any
  std::string sender;                  // exact "from"; empty = any
  std::string tag;                     // exact message tag; empty = any
  std::string provider;                // the provider the caller asked for; empty = any
  std::vector<std::string> instances;  // tried in this order; never empty
};

// What a message carries that routes look at (views: the dispatcher matches every message).
struct RouteQuery {
  std::string_view to;
  std::string_view from;
  std::string_view tag;
  std::string_view provider;
};

struct RouteMatch {
  int rule = -1;  // index into the table; -1 = no rule matched
  std::string routeName;
  std::vector<std::string> instances;  // empty: nowhere to send it (no default instance)
  std::string why;                     // filled only when asked for
};

class RouteTable {
public:
  RouteTable() = default;
  explicit RouteTable(std::vector<RouteRule> rules) : rules_(std::move(rules)) {}

  RouteMatch match(const RouteQuery& query, const std::string& defaultInstance,
                   bool explain = false) const;
  const std::vector<RouteRule>& rules() const { return rules_; }
  // Whether some rule matches on this provider name: callers may ask for a route by a name
  // that is no instance.
  bool routesProvider(const std::string& name) const;

private:
  std::vector<RouteRule> rules_;
};

}  // namespace pigeon::host
