#pragma once
// The keyword rule table as the engine uses it: each rule with its handler made from the
// rule's settings, and one matcher over them, swapped whole on every change so a message in
// flight keeps the set it started with. Changes are checked here (ApiError naming the field).

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "db/connection_pool.h"
#include "keywords/rule_matcher.h"
#include "pigeon/sdk/keyword/keyword_handler.h"
#include "plugins/plugin_registry.h"
#include "repositories/keyword_rule_repository.h"

namespace pigeon::host {

struct ActiveRule {
  db::KeywordRuleRecord record;
  std::vector<std::string> keywords;  // the rule's own, or else its handler's
  std::shared_ptr<sdk::keyword::KeywordHandler> handler;
  std::string problem;  // why the rule does nothing (its plugin is not loaded); empty if fine
};

struct RuleSet {
  std::vector<ActiveRule> rules;       // in the order they are tried, unusable ones included
  std::vector<std::size_t> matchable;  // matcher index -> rules index
  keywords::RuleMatcher matcher{{}};
};

class KeywordRules {
public:
  KeywordRules(db::ConnectionPool& pool, const PluginRegistry& plugins)
      : pool_(pool), plugins_(plugins) {}

  void load();  // throws db::DbError
  std::shared_ptr<const RuleSet> current() const;

  // ApiError 422 naming the field (name, keywords, match_mode, handler, settings.<name>,
  // number, separators, position), 409 for a name in use, 404 for an unknown id.
  db::KeywordRuleRecord create(db::KeywordRuleRecord rule);
  db::KeywordRuleRecord update(std::int64_t id, db::KeywordRuleRecord rule);
  // Turns a stored rule on (checked like an update) or off (always allowed).
  db::KeywordRuleRecord setEnabled(std::int64_t id, bool enabled);
  void remove(std::int64_t id);

private:
  ActiveRule activate(const db::KeywordRuleRecord& record) const;
  void check(db::Connection& c, const db::KeywordRuleRecord& rule) const;
  void checkNothingHidden(const std::vector<db::KeywordRuleRecord>& rules) const;
  void rebuild(db::Connection& c);
  // Stores a checked rule in place of its stored self, after checking the order it makes.
  db::KeywordRuleRecord replace(db::Connection& c, const db::KeywordRuleRecord& rule);

  db::ConnectionPool& pool_;
  const PluginRegistry& plugins_;
  mutable std::mutex mutex_;  // guards current_; changes are serialised by changeMutex_
  std::mutex changeMutex_;
  std::shared_ptr<const RuleSet> current_ = std::make_shared<RuleSet>();
};

}  // namespace pigeon::host
