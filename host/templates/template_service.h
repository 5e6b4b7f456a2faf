#pragma once
// Templates as the API and the admin change them, and rendering one for an entity row: the
// text, and the number it goes to (the row's phone field, or else that of a row it refers to,
// such as an appointment's contact).

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "db/connection_pool.h"
#include "entities/entity_service.h"
#include "repositories/template_repository.h"
#include "templates/template_engine.h"

namespace pigeon::host {

struct EntityRef {
  std::string type;
  std::int64_t id = 0;     // or
  std::string externalId;  // the CRM's id
};

struct RenderedMessage {
  std::string text;
  std::string to;  // E.164, empty when the row and the rows it refers to have no number
  std::string entityType;
  std::int64_t entityId = 0;
};

class TemplateService {
public:
  TemplateService(db::ConnectionPool& pool, const EntityService& entities);

  std::vector<db::TemplateRecord> list();
  db::TemplateRecord get(std::int64_t id);  // ApiError 404
  // By id ("12") or by name ("appointment_reminder"); ApiError 422 naming `field` if none.
  // Kept for kCacheMs (every SMS a keyword or a campaign sends reads its template): a change
  // made here is seen at once, one made by another host on the same store within kCacheMs.
  db::TemplateRecord byReference(const std::string& reference, const std::string& field);
  // ApiError 422 naming the field (name, locale, entity_type, body), 409 for a name in use.
  db::TemplateRecord create(db::TemplateRecord t);
  db::TemplateRecord update(std::int64_t id, db::TemplateRecord t);
  void remove(std::int64_t id);  // ApiError 404, 409 while an automation sends it

  // ApiError 404 for a row that does not exist, 422 for a row of another type than the
  // template's.
  RenderedMessage render(const db::TemplateRecord& t, const EntityRef& entity);
  // The same for a row already read (the sender of an inbound SMS): only the rows it refers
  // to are read.
  RenderedMessage render(const db::TemplateRecord& t, const entity::EntityType& type,
                         entity::EntityRecord row);
  // The same for a template not saved (the admin's live preview); checked first.
  RenderedMessage renderDraft(const db::TemplateRecord& t, const EntityRef& entity);

  static constexpr std::int64_t kCacheMs = 5000;

private:
  struct Cached {
    db::TemplateRecord record;
    std::int64_t until = 0;
  };
  static constexpr std::size_t kMaxCached = 1000;
  void forgetCached();
  void check(const db::TemplateRecord& t) const;
  // The template still reads only known fields, and is written for this type.
  void checkFor(const db::TemplateRecord& t, const entity::EntityType& type) const;
  // The text for the row, with the rows its references point at read on `c` (none without).
  RenderedMessage renderRow(const db::TemplateRecord& t, const entity::EntityType& type,
                            entity::EntityRecord row,
                            std::optional<std::reference_wrapper<db::Connection>> c);

  db::ConnectionPool& pool_;
  const EntityService& entities_;
  TemplateEngine engine_;
  std::mutex cacheMutex_;
  std::unordered_map<std::string, Cached> cache_;  // by reference, as byReference was given it
};

}  // namespace pigeon::host
