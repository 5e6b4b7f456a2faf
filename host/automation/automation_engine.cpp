#include "automation/automation_engine.h"

#include <Poco/JSON/Parser.h>

#include <algorithm>

#include "pigeon/sdk/text/sms_text.h"

namespace pigeon::host {

namespace {

// The index of a field in the type's declaration, so in a record's values.
std::optional<std::size_t> fieldIndex(const entity::EntityType& type, const std::string& name) {
  for (std::size_t i = 0; i < type.fields.size(); ++i)
    if (type.fields[i].name == name) return i;
  return std::nullopt;
}

}  // namespace

AutomationEngine::AutomationEngine(AutomationRules& rules, SelectionService& selections,
                                   TemplateService& templates, EntityService& entities,
                                   Outbox& outbox, int maxParts)
    : rules_(rules),
      selections_(selections),
      templates_(templates),
      entities_(entities),
      outbox_(outbox),
      maxParts_(maxParts),
      logger_(Poco::Logger::get("pigeon.automation")) {}

bool AutomationEngine::fires(const db::AutomationRecord& a, const EntityChange& change) {
  const bool created = !change.before;
  if (created) return a.trigger != "changed";
  if (a.trigger == "created") return false;
  const auto& before = change.before->values;
  const auto& after = change.after.values;
  if (a.fields.empty()) return before != after;
  return std::any_of(a.fields.begin(), a.fields.end(), [&](const std::string& name) {
    const auto i = fieldIndex(change.type, name);
    return i && *i < before.size() && *i < after.size() && before[*i] != after[*i];
  });
}

void AutomationEngine::onChange(const EntityChange& change) {
  const auto all = rules_.enabled();
  const auto mine = all->find(change.type.name);
  if (mine == all->end()) return;
  std::vector<db::NewMessage> messages;
  for (const auto& a : mine->second) {
    if (!fires(a, change)) continue;
    try {
      if (auto m = message(a, change)) messages.push_back(std::move(*m));
    } catch (const std::exception& e) {
      logger_.warning("automation '%s' did nothing for %s %Ld: %s", a.name, change.type.name,
                      static_cast<long long>(change.after.id), std::string(e.what()));
    }
  }
  if (messages.empty()) return;
  try {
    outbox_.enqueueAsync(std::move(messages),
                         [this](std::vector<db::InsertOutcome>, std::exception_ptr error) {
                           if (error) logger_.error("could not queue automation messages");
                         });
  } catch (const std::exception& e) {
    logger_.error("could not queue automation messages: %s", std::string(e.what()));
  }
}

std::optional<db::NewMessage> AutomationEngine::message(const db::AutomationRecord& a,
                                                        const EntityChange& change) {
  const auto t = templates_.get(a.templateId);
  if (a.criteria != "{}" &&
      !selections_.matches(change.type, Poco::JSON::Parser().parse(a.criteria), t.utcOffsetMinutes,
                           change.after.id))
    return std::nullopt;
  const auto rendered = templates_.render(t, EntityRef{change.type.name, change.after.id, ""});
  db::NewMessage m;
  m.to = recipient(a, change, rendered.to);
  if (m.to.empty()) {
    logger_.information("automation '%s': %s %Ld has no number to send to", a.name,
                        change.type.name, static_cast<long long>(change.after.id));
    return std::nullopt;
  }
  const auto analysis = sdk::text::analyzeText(rendered.text);
  if (rendered.text.empty() || !analysis.validUtf8 || analysis.parts > maxParts_) {
    logger_.warning("automation '%s': the text for %s %Ld is empty or longer than %d parts", a.name,
                    change.type.name, static_cast<long long>(change.after.id), maxParts_);
    return std::nullopt;
  }
  m.userId = a.authorId;
  m.reference = "automation:" + std::to_string(a.id) + ":" + change.type.name + ":" +
                std::to_string(change.after.id) + ":" +
                (change.before ? std::to_string(change.after.updatedAt) : "created");
  m.from = a.from;
  m.requestedProvider = a.fromInstance;  // a number belongs to its instance
  m.body = rendered.text;
  m.encoding = sdk::text::encodingName(analysis.encoding);
  m.parts = analysis.parts;
  m.tag = kAutomationTag;
  if (consent_ && consent_->optedOut(m.to)) m.rejectReason = "opted_out";
  return m;
}

// The automation's to_field: the row's phone field, or the phone of the row a reference
// field points at; none given: where the template would send (the row's or a referred row's).
std::string AutomationEngine::recipient(const db::AutomationRecord& a, const EntityChange& change,
                                        const std::string& rendered) {
  if (a.toField.empty()) return rendered;
  const auto i = fieldIndex(change.type, a.toField);
  if (!i || *i >= change.after.values.size() || db::isNull(change.after.values[*i])) return "";
  const auto& field = change.type.fields[*i];
  if (field.type == entity::FieldType::kPhone) return db::asString(change.after.values[*i]);
  const auto& target = entities_.type(field.target);
  const auto row = entities_.get(target, db::asInt(change.after.values[*i]));
  const auto phone = fieldIndex(target, target.phoneField);
  if (!phone || db::isNull(row.values[*phone])) return "";
  return db::asString(row.values[*phone]);
}

}  // namespace pigeon::host
