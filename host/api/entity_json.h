#pragma once
// An entity row as the API shows it (entities, selection members): its id, the CRM's id, each
// field as toShown writes it, phone fields masked for a caller without view_personal_data.

#include <string>

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include "repositories/entity_repository.h"
#include "schema/field_codec.h"

namespace pigeon::host {

Poco::Dynamic::Var shownJson(const entity::FieldInput& v);
Poco::JSON::Object entityJson(const entity::EntityType& type, const entity::EntityRecord& r,
                              bool personal);

}  // namespace pigeon::host
