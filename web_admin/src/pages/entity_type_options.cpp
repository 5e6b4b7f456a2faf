#include "pages/entity_type_options.h"

namespace pigeon::web {

Data entityTypeOptions(const host::EntityService& entities, const std::string& chosen) {
  Data types = list();
  for (const auto& t : entities.catalog().types()) {
    Data d;
    d.set("name", t.name);
    d.set("label", t.label);
    if (t.name == chosen) d.set("selected", true);
    types.push_back(d);
  }
  return types;
}

}  // namespace pigeon::web
