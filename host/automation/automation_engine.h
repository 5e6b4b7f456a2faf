#pragma once
// Runs automations when an entity row changes (EntityService::onChange, on the caller's
// thread, after the change committed): for each enabled automation of the row's type whose
// trigger fits (created; changed in a watched field, or in any) and whose criteria hold for
// the row now, the template is rendered on the row and the message queued as the automation's
// author, tagged "automation". Its reference, automation:<id>:<type>:<row>:<created or the
// row's updated_at>, makes a second run for the same change a duplicate, never a second SMS.
// A change that changes nothing sends nothing. Failures are logged; the change stands.

#include <Poco/Logger.h>

#include <optional>

#include "automation/automation_rules.h"
#include "keywords/consent_registry.h"
#include "outbox/outbox.h"

namespace pigeon::host {

inline constexpr const char* kAutomationTag = "automation";

class AutomationEngine {
public:
  AutomationEngine(AutomationRules& rules, SelectionService& selections, TemplateService& templates,
                   EntityService& entities, Outbox& outbox, int maxParts);

  void useConsent(const ConsentRegistry& consent) { consent_ = &consent; }
  // Never throws.
  void onChange(const EntityChange& change);

private:
  static bool fires(const db::AutomationRecord& a, const EntityChange& change);
  std::optional<db::NewMessage> message(const db::AutomationRecord& a, const EntityChange& change);
  std::string recipient(const db::AutomationRecord& a, const EntityChange& change,
                        const std::string& rendered);

  AutomationRules& rules_;
  SelectionService& selections_;
  TemplateService& templates_;
  EntityService& entities_;
  Outbox& outbox_;
  const int maxParts_;
  const ConsentRegistry* consent_ = nullptr;
  Poco::Logger& logger_;
};

}  // namespace pigeon::host
