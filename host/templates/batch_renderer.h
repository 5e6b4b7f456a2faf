#pragma once
// Renders one template, or one plain text, for many rows of one entity type at once (a
// campaign's recipients): the rows their references point at are read with one statement per
// reference field the text uses, not one per row. Each row gets its text and its number, or
// the reason it gets no message.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "db/connection.h"
#include "templates/template_engine.h"

namespace pigeon::host {

// The reference field a row of `type` is texted through when the type has no phone field of
// its own (an appointment's contact): the first one to a type that has. Null when the type
// has a phone field, or no such reference.
const entity::Field* recipientReference(const entity::EntityCatalog& catalog,
                                        const entity::EntityType& type);

// Why a text cannot go as an SMS (empty_text, render_failed, too_long); empty when it can.
std::string textProblem(const std::string& text, int maxParts);

struct RenderedRow {
  std::int64_t entityId = 0;
  std::string to;       // E.164; empty when the row has no number
  std::string text;     // empty for plain text: the caller's own
  std::string problem;  // set: no message for this row (no_phone, render_failed)
};

class BatchRenderer {
public:
  // `t` unset: plain text, only the numbers are looked up. `t` is checked first (ApiError 422).
  BatchRenderer(const entity::EntityCatalog& catalog, const entity::EntityType& type,
                std::optional<db::TemplateRecord> t);

  std::vector<RenderedRow> render(db::Connection& c, std::vector<entity::EntityRecord> rows) const;

private:
  const entity::EntityCatalog& catalog_;
  const entity::EntityType& type_;
  std::optional<db::TemplateRecord> template_;
  TemplateEngine engine_;
  const entity::Field* recipient_ = nullptr;
  std::set<std::string> usedReferences_;  // fields whose rows the text reads
  std::optional<std::size_t> phoneIndex_;
};

}  // namespace pigeon::host
