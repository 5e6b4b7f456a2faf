#pragma once
// The entity types as the options of a "Entity type" select, `chosen` selected.

#include <string>

#include "entities/entity_service.h"
#include "page_renderer.h"

namespace pigeon::web {

Data entityTypeOptions(const host::EntityService& entities, const std::string& chosen);

}  // namespace pigeon::web
