#pragma once
// Rows of an entity type's table (see schema/entity_tables.h). Values arrive converted for the
// store (schema/field_codec.h) and checked by the caller; every value is a bound parameter and
// every column name comes from a checked declaration, so no text from a request reaches SQL.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "db/connection.h"
#include "schema/entity_catalog.h"

namespace pigeon::entity {

struct EntityRecord {
  std::int64_t id = 0;
  std::string externalId;  // empty when the CRM gave none
  std::int64_t createdAt = 0;
  std::int64_t updatedAt = 0;
  std::vector<db::Value> values;  // one per field of the type, in declaration order
};

// The stored value of each field a change names.
using FieldValues = std::vector<std::pair<const Field*, db::Value>>;

struct EntityFilter {
  enum class Op { kEquals, kPrefix, kAtLeast };
  const Field* field = nullptr;
  Op op = Op::kEquals;
  db::Value value;
};

class EntityRepository {
public:
  static std::int64_t insert(db::Connection& c, const EntityType& type,
                             const std::string& externalId, const FieldValues& values,
                             std::int64_t now);
  // False when there is no such row.
  static bool update(db::Connection& c, const EntityType& type, std::int64_t id,
                     const FieldValues& values, std::int64_t now);
  static void setExternalId(db::Connection& c, const EntityType& type, std::int64_t id,
                            const std::string& externalId);
  static bool remove(db::Connection& c, const EntityType& type, std::int64_t id);
  // Clears `field` (a reference) wherever it points at `id`: what a delete leaves behind.
  static void clearReferences(db::Connection& c, const EntityType& type, const Field& field,
                              std::int64_t id);

  // Many new rows at once, in multi-row INSERTs: each row gives its external id (empty for
  // none) and one value per column of `fields`. Returns the ids, in order.
  static std::vector<std::int64_t> insertMany(
      db::Connection& c, const EntityType& type, const std::vector<const Field*>& fields,
      const std::vector<std::pair<std::string, std::vector<db::Value>>>& rows, std::int64_t now);
  // The ids of the rows with these external ids (those that exist).
  static std::map<std::string, std::int64_t> idsOf(db::Connection& c, const EntityType& type,
                                                   const std::vector<std::string>& externalIds);
  // Which of these ids exist.
  static std::set<std::int64_t> existing(db::Connection& c, const EntityType& type,
                                         const std::vector<std::int64_t>& ids);

  static std::optional<EntityRecord> find(db::Connection& c, const EntityType& type,
                                          std::int64_t id);
  // The row, locked until the transaction ends (MySQL), for a change judged against it.
  static std::optional<EntityRecord> findForUpdate(db::Connection& c, const EntityType& type,
                                                   std::int64_t id);
  static std::optional<std::int64_t> idOf(db::Connection& c, const EntityType& type,
                                          const std::string& externalId);
  static bool exists(db::Connection& c, const EntityType& type, std::int64_t id);

  // One column of one type to look a value up in, for firstHolding.
  struct Holder {
    const EntityType* type;
    const Field* field;
  };
  struct Held {
    std::size_t holder;  // index into the holders given
    std::int64_t id;     // the newest row of that type holding the value
  };
  // The first of `holders`, in their order, with a row whose field equals `value`, and that
  // row's id: one statement of index probes (a phone number looked up in every type that has
  // one), so the wide row is read only for the type that holds it.
  static std::optional<Held> firstHolding(db::Connection& c, const std::vector<Holder>& holders,
                                          const db::Value& value);

  // Rows matching every filter, by id, after `afterId`, at most `limit`.
  static std::vector<EntityRecord> list(db::Connection& c, const EntityType& type,
                                        const std::vector<EntityFilter>& filters,
                                        std::int64_t afterId, int limit);
  // Rows matching every filter, ordered by `orderBy` (id when null), at most `limit`.
  static std::vector<EntityRecord> listOrdered(db::Connection& c, const EntityType& type,
                                               const std::vector<EntityFilter>& filters,
                                               const Field* orderBy, bool descending, int limit);
  static std::int64_t count(db::Connection& c, const EntityType& type,
                            const std::vector<EntityFilter>& filters);
  // Rows meeting a condition written on the alias t0 with its parameters (a compiled
  // selection), after `afterId`, by id, at most `limit`.
  static std::vector<EntityRecord> matching(db::Connection& c, const EntityType& type,
                                            const std::string& condition, db::Params params,
                                            std::int64_t afterId, int limit);
  // Rows meeting the condition whose integer (date-time) field `time` is at most `upTo` and
  // comes after (afterTime, afterId) in (time, id) order, in that order, at most `limit`.
  static std::vector<EntityRecord> matchingByTime(db::Connection& c, const EntityType& type,
                                                  const std::string& condition, db::Params params,
                                                  const Field& time, std::int64_t afterTime,
                                                  std::int64_t afterId, std::int64_t upTo,
                                                  int limit);
  // The time of the first such row after (afterTime, afterId), whatever `upTo`.
  static std::optional<std::int64_t> nextTime(db::Connection& c, const EntityType& type,
                                              const std::string& condition, db::Params params,
                                              const Field& time, std::int64_t afterTime,
                                              std::int64_t afterId);
};

}  // namespace pigeon::entity
