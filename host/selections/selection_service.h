#pragma once
// Selections as the API, the admin and campaigns use them: saved under a name after their
// criteria compile, counted, and read page by page (the rows a campaign sends to). Criteria are
// compiled again at every use, against the catalog and clock of that moment.

#include <cstdint>
#include <string>
#include <vector>

#include <Poco/Dynamic/Var.h>

#include "db/connection_pool.h"
#include "entities/entity_service.h"
#include "phone/phone_normalizer.h"
#include "repositories/selection_repository.h"
#include "selections/criteria_compiler.h"

namespace pigeon::host {

// A selection not saved (the admin's live count, a preview before saving).
struct SelectionDraft {
  std::string name;
  std::string entityType;
  Poco::Dynamic::Var criteria;
  int utcOffsetMinutes = 0;
};

struct SelectionCount {
  std::int64_t count = 0;
  std::int64_t tookMs = 0;
  std::int64_t countedAt = 0;
};

class SelectionService {
public:
  SelectionService(db::ConnectionPool& pool, const EntityService& entities,
                   const phone::PhoneNormalizer& phones);

  std::vector<db::SelectionRecord> list();
  db::SelectionRecord get(std::int64_t id);  // ApiError 404
  // ApiError 422 naming the member (name, entity_type, criteria...), 409 for a name in use.
  db::SelectionRecord create(const SelectionDraft& draft, const std::string& createdBy);
  db::SelectionRecord update(std::int64_t id, const SelectionDraft& draft);
  void remove(std::int64_t id);

  SelectionCount count(const db::SelectionRecord& selection);
  SelectionCount count(const SelectionDraft& draft);
  // The matching rows after `afterId`, by id, at most `limit`.
  std::vector<entity::EntityRecord> members(const db::SelectionRecord& selection,
                                            std::int64_t afterId, int limit);

  // Checks that criteria compile for the type: ApiError 422 naming `typeField` for an unknown
  // type, criteria.<path> for a wrong criterion.
  void check(const std::string& entityType, const Poco::Dynamic::Var& criteria,
             const std::string& typeField) const;
  // Whether row `id` meets the criteria now (an automation's condition).
  bool matches(const entity::EntityType& type, const Poco::Dynamic::Var& criteria,
               int utcOffsetMinutes, std::int64_t id);

  // The criteria of a saved selection as JSON again.
  static Poco::Dynamic::Var criteriaOf(const db::SelectionRecord& selection);

  // The criteria as one SQL condition on t0, relative dates counted from now at the offset.
  // ApiError 422 naming `field` for an unknown type, criteria.<path> for a wrong criterion.
  selections::CompiledCriteria compile(const std::string& entityType,
                                       const Poco::Dynamic::Var& criteria, int utcOffsetMinutes,
                                       const std::string& field) const;

private:
  SelectionCount countCompiled(const entity::EntityType& type,
                               const selections::CompiledCriteria& compiled);
  db::SelectionRecord checked(const SelectionDraft& draft) const;

  db::ConnectionPool& pool_;
  const EntityService& entities_;
  selections::CriteriaCompiler compiler_;
};

}  // namespace pigeon::host
