#include "keywords/keyword_rules.h"

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <limits>

#include "api/api_types.h"
#include "config/schema_validator.h"
#include "keywords/text_fold.h"
#include "outbox/clock.h"

namespace pigeon::host {

namespace {

constexpr std::size_t kMaxName = 100;
constexpr std::size_t kMaxKeywords = 50;
constexpr std::size_t kMaxKeywordBytes = 64;
constexpr std::size_t kMaxNumber = 32;
constexpr std::size_t kMaxSeparators = 16;

ApiError invalid(const std::string& message, const std::string& field) {
  return ApiError(422, "invalid_value", message, field);
}

// A rule's settings: a JSON object of scalars, as text for the plugin's schema.
std::optional<std::map<std::string, std::string>> settingsMap(const std::string& json) {
  try {
    auto parsed = Poco::JSON::Parser().parse(json.empty() ? "{}" : json);
    auto object = parsed.extract<Poco::JSON::Object::Ptr>();
    std::map<std::string, std::string> out;
    for (const auto& [key, value] : *object) {
      if (value.isEmpty() || value.isArray() || value.isStruct()) return std::nullopt;
      out[key] = value.convert<std::string>();
    }
    return out;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

SchemaValidation validatedSettings(const PluginRegistry& plugins, const db::KeywordRuleRecord& r) {
  auto raw = settingsMap(r.settings);
  if (!raw) {
    SchemaValidation failed;
    failed.errors.push_back({"", "must be a JSON object of strings, numbers or booleans"});
    return failed;
  }
  return validateConfig(plugins.schema(r.handler), *raw);
}

bool overlaps(const db::KeywordRuleRecord& a, const db::KeywordRuleRecord& b) {
  return a.number.empty() || b.number.empty() || keywords::sameNumber(a.number, b.number);
}

}  // namespace

void KeywordRules::load() {
  std::lock_guard change(changeMutex_);
  auto c = pool_.acquire();
  rebuild(*c);
}

std::shared_ptr<const RuleSet> KeywordRules::current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

ActiveRule KeywordRules::activate(const db::KeywordRuleRecord& record) const {
  ActiveRule a;
  a.record = record;
  if (plugins_.kindOf(record.handler) != "keyword") {
    a.problem = "handler plugin " + record.handler + " is not loaded";
    return a;
  }
  auto settings = validatedSettings(plugins_, record);
  if (!settings.ok()) {
    const auto& e = settings.errors.front();
    a.problem = "setting " + e.field + " " + e.message;
    return a;
  }
  a.keywords = record.keywords.empty() ? plugins_.keywordDefaults(record.handler, settings.values)
                                       : record.keywords;
  auto handler = plugins_.createKeywordHandler(record.handler, settings.values);
  if (!handler) {
    a.problem = handler.status().message();
    return a;
  }
  a.handler = std::move(handler.value());
  return a;
}

void KeywordRules::rebuild(db::Connection& c) {
  auto set = std::make_shared<RuleSet>();
  std::vector<keywords::MatchableRule> matchable;
  for (const auto& record : db::KeywordRuleRepository::all(c)) {
    auto active = activate(record);
    const auto mode = keywords::parseMatchMode(record.matchMode);
    if (record.enabled && active.handler && mode) {
      matchable.push_back({active.keywords, *mode, record.number, record.separators});
      set->matchable.push_back(set->rules.size());
    }
    set->rules.push_back(std::move(active));
  }
  set->matcher = keywords::RuleMatcher(std::move(matchable));
  std::lock_guard lock(mutex_);
  current_ = std::move(set);
}

void KeywordRules::check(db::Connection& c, const db::KeywordRuleRecord& r) const {
  if (r.name.empty() || r.name.size() > kMaxName)
    throw invalid("name must be 1 to 100 characters", "name");
  if (auto other = db::KeywordRuleRepository::findByName(c, r.name); other && other->id != r.id)
    throw ApiError(409, "name_taken", "a keyword rule named '" + r.name + "' exists", "name");
  const auto kind = plugins_.kindOf(r.handler);
  if (kind != "keyword")
    throw invalid("handler '" + r.handler + "' is not a loaded keyword plugin" +
                      (kind.empty() ? "" : " (it is a " + kind + " plugin)"),
                  "handler");
  auto settings = validatedSettings(plugins_, r);
  if (!settings.ok()) {
    const auto& e = settings.errors.front();
    throw invalid("setting '" + e.field + "' " + e.message,
                  e.field.empty() ? "settings" : "settings." + e.field);
  }
  const auto mode = keywords::parseMatchMode(r.matchMode);
  if (!mode)
    throw invalid("match_mode must be whole_text, first_word, any_word or any_text, got '" +
                      r.matchMode + "'",
                  "match_mode");
  if (r.separators.size() > kMaxSeparators || keywords::hasLetterOrDigit(r.separators))
    throw invalid("separators must be at most 16 bytes of punctuation", "separators");
  if (r.number.size() > kMaxNumber) throw invalid("number is longer than 32 characters", "number");
  if (*mode == keywords::MatchMode::kAnyText) {
    if (!r.keywords.empty())
      throw invalid("an any_text rule matches every text; it takes no keywords", "keywords");
    return;
  }
  if (r.keywords.size() > kMaxKeywords) throw invalid("at most 50 keywords", "keywords");
  for (std::size_t i = 0; i < r.keywords.size(); ++i) {
    const auto& k = r.keywords[i];
    const auto field = "keywords[" + std::to_string(i) + "]";
    if (k.size() > kMaxKeywordBytes) throw invalid("keyword is longer than 64 bytes", field);
    if (std::any_of(k.begin(), k.end(), [](unsigned char ch) { return ch < 0x20 || ch == 0x7f; }))
      throw invalid("keyword has a control character (a line break?)", field);
    if (keywords::splitWords(k, r.separators).empty())
      throw invalid("keyword '" + k + "' has no word in it (only separators or marks)", field);
  }
  if (r.keywords.empty() && plugins_.keywordDefaults(r.handler, settings.values).empty())
    throw invalid(r.handler + " has no keywords of its own; list the rule's keywords", "keywords");
}

// A catch-all placed before other rules would silence them: refused, naming what it hides.
void KeywordRules::checkNothingHidden(const std::vector<db::KeywordRuleRecord>& rules) const {
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& all = rules[i];
    if (!all.enabled || all.matchMode != "any_text") continue;
    for (std::size_t j = i + 1; j < rules.size(); ++j)
      if (rules[j].enabled && overlaps(all, rules[j]))
        throw invalid("rule '" + all.name + "' matches every text" +
                          (all.number.empty() ? "" : " sent to " + all.number) +
                          " and would hide rule '" + rules[j].name +
                          "' after it; give the catch-all a later position",
                      "position");
  }
}

db::KeywordRuleRecord KeywordRules::create(db::KeywordRuleRecord rule) {
  std::lock_guard change(changeMutex_);
  auto c = pool_.acquire();
  rule.id = 0;
  check(*c, rule);
  db::Transaction tx(*c);
  if (rule.position == 0) rule.position = db::KeywordRuleRepository::maxPosition(*c) + 10;
  auto rules = db::KeywordRuleRepository::all(*c);
  auto placed = rule;
  placed.id = std::numeric_limits<std::int64_t>::max();  // a new rule goes after its equals
  rules.push_back(placed);
  std::stable_sort(rules.begin(), rules.end(), [](const auto& a, const auto& b) {
    return a.position != b.position ? a.position < b.position : a.id < b.id;
  });
  checkNothingHidden(rules);
  rule.id = db::KeywordRuleRepository::insert(*c, rule, nowMs());
  tx.commit();
  rebuild(*c);
  return *db::KeywordRuleRepository::find(*c, rule.id);
}

db::KeywordRuleRecord KeywordRules::update(std::int64_t id, db::KeywordRuleRecord rule) {
  std::lock_guard change(changeMutex_);
  auto c = pool_.acquire();
  auto stored = db::KeywordRuleRepository::find(*c, id);
  if (!stored) throw ApiError(404, "not_found", "no keyword rule " + std::to_string(id));
  rule.id = id;
  if (rule.position == 0) rule.position = stored->position;  // not given: it stays where it is
  check(*c, rule);
  return replace(*c, rule);
}

db::KeywordRuleRecord KeywordRules::setEnabled(std::int64_t id, bool enabled) {
  std::lock_guard change(changeMutex_);
  auto c = pool_.acquire();
  auto rule = db::KeywordRuleRepository::find(*c, id);
  if (!rule) throw ApiError(404, "not_found", "no keyword rule " + std::to_string(id));
  rule->enabled = enabled;
  // Turning a rule off needs no checks: a rule whose plugin is gone must still be switchable off.
  if (enabled) check(*c, *rule);
  return replace(*c, *rule);
}

db::KeywordRuleRecord KeywordRules::replace(db::Connection& c, const db::KeywordRuleRecord& rule) {
  db::Transaction tx(c);
  auto rules = db::KeywordRuleRepository::all(c);
  for (auto& r : rules)
    if (r.id == rule.id) r = rule;
  std::stable_sort(rules.begin(), rules.end(), [](const auto& a, const auto& b) {
    return a.position != b.position ? a.position < b.position : a.id < b.id;
  });
  checkNothingHidden(rules);
  db::KeywordRuleRepository::update(c, rule, nowMs());
  tx.commit();
  rebuild(c);
  return *db::KeywordRuleRepository::find(c, rule.id);
}

void KeywordRules::remove(std::int64_t id) {
  std::lock_guard change(changeMutex_);
  auto c = pool_.acquire();
  if (!db::KeywordRuleRepository::remove(*c, id))
    throw ApiError(404, "not_found", "no keyword rule " + std::to_string(id));
  rebuild(*c);
}

}  // namespace pigeon::host
