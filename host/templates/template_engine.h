#pragma once
// Templates are mustache (kainjow) over one entity type: {{contact.first_name}} is a field of
// the recipient's own row (by its type's name), {{account.debt}} a field of the row its
// reference field `account` points at. Sections ({{#account.debt}}…{{/account.debt}}) show
// when the value is not empty. Nothing is HTML-escaped: the text is an SMS. Partials and
// delimiter changes are refused, and so is any name the type cannot resolve, when the
// template is saved.

#include <map>
#include <string>
#include <vector>

#include "api/api_types.h"
#include "repositories/entity_repository.h"
#include "repositories/template_repository.h"
#include "schema/entity_catalog.h"

namespace pigeon::host {

struct TemplateTag {
  std::string name;
  char kind = 0;  // 0 a value, '#' or '^' a section, '/' its end
};

// The tags of a body, in order. ApiError 422 (field "body") for an unclosed tag, a partial or
// a delimiter change.
std::vector<TemplateTag> scanTags(const std::string& body);

// The rows a template is rendered with: the recipient's under its type's name, and each row
// a reference field points at under that field's name.
struct TemplateScope {
  struct Entry {
    const entity::EntityType* type = nullptr;
    entity::EntityRecord row;
  };
  std::map<std::string, Entry> rows;
};

class TemplateEngine {
public:
  explicit TemplateEngine(const entity::EntityCatalog& catalog) : catalog_(catalog) {}

  // ApiError 422 naming what is wrong: the syntax, the locale, the type, or the first name
  // the type cannot resolve ("template uses 'account.debtt', but account has no field
  // 'debtt'").
  void check(const db::TemplateRecord& t) const;
  std::string render(const db::TemplateRecord& t, const TemplateScope& scope) const;

private:
  const entity::EntityCatalog& catalog_;
};

}  // namespace pigeon::host
