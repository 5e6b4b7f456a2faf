#pragma once
// Automations as admins and the API change them, checked here (ApiError naming the field),
// and as the engine reads them: the enabled ones by entity type, in a snapshot swapped whole
// on every change.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "auth/authenticator.h"
#include "db/connection_pool.h"
#include "entities/entity_service.h"
#include "numbers/number_directory.h"
#include "repositories/automation_repository.h"
#include "selections/selection_service.h"
#include "templates/template_service.h"

namespace pigeon::host {

using AutomationsByType = std::map<std::string, std::vector<db::AutomationRecord>>;

class AutomationRules {
public:
  AutomationRules(db::ConnectionPool& pool, const EntityService& entities,
                  SelectionService& selections, TemplateService& templates,
                  const NumberDirectory& numbers)
      : pool_(pool),
        entities_(entities),
        selections_(selections),
        templates_(templates),
        numbers_(numbers) {}

  void load();  // throws db::DbError
  std::shared_ptr<const AutomationsByType> enabled() const;

  std::vector<db::AutomationRecord> list();
  db::AutomationRecord get(std::int64_t id);  // ApiError 404
  // The one who saves an automation becomes its author: its messages are theirs, so saving
  // needs send_bulk (ApiError 403) and `from` must be a sender they may use (403 naming from).
  // ApiError 422 naming the field (name, entity_type, on, fields[i], criteria.<path>,
  // template, to_field, from), 409 for a name in use.
  db::AutomationRecord create(db::AutomationRecord a, const Caller& author);
  db::AutomationRecord update(std::int64_t id, db::AutomationRecord a, const Caller& author);
  void remove(std::int64_t id);

private:
  void check(db::Connection& c, const db::AutomationRecord& a) const;
  void authorise(db::AutomationRecord& a, const Caller& author) const;
  void reload(db::Connection& c);

  db::ConnectionPool& pool_;
  const EntityService& entities_;
  SelectionService& selections_;
  TemplateService& templates_;
  const NumberDirectory& numbers_;
  mutable std::mutex mutex_;  // guards enabled_; changes are serialised by changeMutex_
  std::mutex changeMutex_;
  std::shared_ptr<const AutomationsByType> enabled_ = std::make_shared<AutomationsByType>();
};

}  // namespace pigeon::host
