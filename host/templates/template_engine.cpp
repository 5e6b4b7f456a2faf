#include "templates/template_engine.h"

#include <kainjow/mustache.hpp>

#include "templates/locale_format.h"

namespace pigeon::host {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

ApiError badBody(const std::string& why) { return ApiError(422, "invalid_template", why, "body"); }

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

std::vector<TemplateTag> scanTags(const std::string& body) {
  std::vector<TemplateTag> tags;
  for (std::size_t pos = body.find("{{"); pos != std::string::npos; pos = body.find("{{", pos)) {
    const bool triple = body.compare(pos, 3, "{{{") == 0;
    const std::string close = triple ? "}}}" : "}}";
    const auto start = pos + (triple ? 3 : 2);
    const auto end = body.find(close, start);
    if (end == std::string::npos)
      throw badBody("a tag opened at character " + std::to_string(pos + 1) + " is never closed");
    std::string inner = body.substr(start, end - start);
    pos = end + close.size();
    TemplateTag tag;
    if (!inner.empty() && std::string("#^/&!>=").find(inner[0]) != std::string::npos) {
      const char sigil = inner[0];
      inner.erase(0, 1);
      if (sigil == '!') continue;  // a comment
      if (sigil == '>') throw badBody("partials ({{>" + trimmed(inner) + "}}) are not supported");
      if (sigil == '=') throw badBody("changing the tag delimiters is not supported");
      if (sigil != '&') tag.kind = sigil;
    }
    tag.name = trimmed(inner);
    if (tag.name.empty()) throw badBody("an empty tag at character " + std::to_string(start - 1));
    tags.push_back(std::move(tag));
  }
  return tags;
}

void TemplateEngine::check(const db::TemplateRecord& t) const {
  if (!findLocale(t.locale))
    throw ApiError(422, "invalid_value", "unknown locale '" + t.locale + "'", "locale");
  const auto* type = catalog_.find(t.entityType);
  if (!type)
    throw ApiError(422, "invalid_value", "no entity type '" + t.entityType + "'", "entity_type");
  const auto tags = scanTags(t.body);  // first: its messages say more than the parser's
  mustache parsed{t.body};
  if (!parsed.is_valid()) throw badBody(parsed.error_message());
  for (const auto& tag : tags) {
    const auto dot = tag.name.find('.');
    const auto prefix = tag.name.substr(0, dot);
    const auto fieldName = dot == std::string::npos ? "" : tag.name.substr(dot + 1);
    const entity::EntityType* scope = nullptr;
    if (prefix == type->name) {
      scope = type;
    } else if (const auto* ref = entity::EntityCatalog::findField(*type, prefix);
               ref && ref->type == entity::FieldType::kReference) {
      scope = catalog_.find(ref->target);
    }
    if (!scope)
      throw badBody("template uses '" + tag.name + "', but '" + prefix + "' is neither '" +
                    type->name + "' nor a reference field of " + type->name);
    if (!entity::EntityCatalog::findField(*scope, fieldName))
      throw badBody("template uses '" + tag.name + "', but " + scope->name + " has no field '" +
                    fieldName + "'");
  }
}

std::string TemplateEngine::render(const db::TemplateRecord& t, const TemplateScope& scope) const {
  const auto* style = findLocale(t.locale);
  if (!style) style = findLocale("en");
  data root = data::type::object;
  for (const auto& [prefix, entry] : scope.rows) {
    data fields = data::type::object;
    for (std::size_t i = 0; i < entry.type->fields.size() && i < entry.row.values.size(); ++i) {
      auto text =
          formatValue(entry.type->fields[i], entry.row.values[i], *style, t.utcOffsetMinutes);
      // An empty value is left out, so it renders as nothing and its section is false.
      if (!text.empty()) fields.set(entry.type->fields[i].name, text);
    }
    root.set(prefix, fields);
  }
  mustache tmpl{t.body};
  tmpl.set_custom_escape([](const std::string& s) { return s; });
  return tmpl.render(root);
}

}  // namespace pigeon::host
