#include "automation/automation_rules.h"

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <array>

#include "outbox/clock.h"

namespace pigeon::host {

namespace {

constexpr std::size_t kMaxName = 100;
constexpr std::size_t kMaxFrom = 20;
constexpr std::array<const char*, 3> kTriggers{"created", "changed", "created_or_changed"};

ApiError invalid(const std::string& message, const std::string& field) {
  return ApiError(422, "invalid_value", message, field);
}

ApiError noAutomation(std::int64_t id) {
  return ApiError(404, "not_found", "no automation " + std::to_string(id));
}

// A field an automation may send to: a phone, or a reference to a row that has one.
bool reachesPhone(const EntityService& entities, const entity::Field& f) {
  if (f.type == entity::FieldType::kPhone) return true;
  if (f.type != entity::FieldType::kReference) return false;
  const auto* target = entities.catalog().find(f.target);
  return target && !target->phoneField.empty();
}

}  // namespace

void AutomationRules::load() {
  std::lock_guard change(changeMutex_);
  auto c = pool_.acquire();
  reload(*c);
}

void AutomationRules::reload(db::Connection& c) {
  auto byType = std::make_shared<AutomationsByType>();
  for (auto& a : db::AutomationRepository::all(c))
    if (a.enabled) (*byType)[a.entityType].push_back(std::move(a));
  std::lock_guard lock(mutex_);
  enabled_ = std::move(byType);
}

std::shared_ptr<const AutomationsByType> AutomationRules::enabled() const {
  std::lock_guard lock(mutex_);
  return enabled_;
}

void AutomationRules::check(db::Connection& c, const db::AutomationRecord& a) const {
  if (a.name.empty() || a.name.size() > kMaxName)
    throw invalid("name must have 1 to 100 bytes", "name");
  const auto* type = entities_.catalog().find(a.entityType);
  if (!type)
    throw ApiError(422, "unknown_entity_type", "no entity type '" + a.entityType + "'",
                   "entity_type");
  if (std::find(kTriggers.begin(), kTriggers.end(), a.trigger) == kTriggers.end())
    throw invalid("on must be created, changed or created_or_changed, not '" + a.trigger + "'",
                  "on");
  for (std::size_t i = 0; i < a.fields.size(); ++i)
    if (!entity::EntityCatalog::findField(*type, a.fields[i]))
      throw invalid("type '" + a.entityType + "' has no field '" + a.fields[i] + "'",
                    "fields[" + std::to_string(i) + "]");
  selections_.check(a.entityType, Poco::JSON::Parser().parse(a.criteria), "entity_type");
  const auto t = db::TemplateRepository::find(c, a.templateId);
  if (!t) throw invalid("no template " + std::to_string(a.templateId), "template");
  if (t->entityType != a.entityType)
    throw invalid(
        "template '" + t->name + "' is written for " + t->entityType + ", not " + a.entityType,
        "template");
  if (!a.toField.empty()) {
    const auto* f = entity::EntityCatalog::findField(*type, a.toField);
    if (!f || !reachesPhone(entities_, *f))
      throw invalid("to_field must be a phone field of " + a.entityType +
                        " or a reference to a row with a phone, not '" + a.toField + "'",
                    "to_field");
  }
  if (a.from.size() > kMaxFrom) throw invalid("from is longer than 20 characters", "from");
  const auto same = db::AutomationRepository::findByName(c, a.name);
  if (same && same->id != a.id)
    throw ApiError(409, "name_taken", "an automation named '" + a.name + "' exists", "name");
}

std::vector<db::AutomationRecord> AutomationRules::list() {
  auto c = pool_.acquire();
  return db::AutomationRepository::all(*c);
}

db::AutomationRecord AutomationRules::get(std::int64_t id) {
  auto c = pool_.acquire();
  auto a = db::AutomationRepository::find(*c, id);
  if (!a) throw noAutomation(id);
  return *a;
}

void AutomationRules::authorise(db::AutomationRecord& a, const Caller& author) const {
  if (!author.can("send_bulk"))
    throw ApiError(403, "forbidden",
                   "an automation sends as the one who saves it: that needs the send_bulk right");
  const auto sender = numbers_.senderFor(author, a.from, "from");
  a.from = sender.from;
  a.fromInstance = sender.instance;
  a.author = author.name;
  a.authorId = author.userId;
}

db::AutomationRecord AutomationRules::create(db::AutomationRecord a, const Caller& author) {
  std::lock_guard change(changeMutex_);
  auto c = pool_.acquire();
  a.id = 0;
  authorise(a, author);
  db::Transaction tx(*c);
  check(*c, a);
  a.id = db::AutomationRepository::insert(*c, a, nowMs());
  tx.commit();
  reload(*c);
  return *db::AutomationRepository::find(*c, a.id);
}

db::AutomationRecord AutomationRules::update(std::int64_t id, db::AutomationRecord a,
                                             const Caller& author) {
  std::lock_guard change(changeMutex_);
  auto c = pool_.acquire();
  a.id = id;
  authorise(a, author);
  db::Transaction tx(*c);
  if (!db::AutomationRepository::find(*c, id)) throw noAutomation(id);
  check(*c, a);
  db::AutomationRepository::update(*c, a, nowMs());
  tx.commit();
  reload(*c);
  return *db::AutomationRepository::find(*c, id);
}

void AutomationRules::remove(std::int64_t id) {
  std::lock_guard change(changeMutex_);
  auto c = pool_.acquire();
  if (!db::AutomationRepository::remove(*c, id)) throw noAutomation(id);
  reload(*c);
}

}  // namespace pigeon::host
