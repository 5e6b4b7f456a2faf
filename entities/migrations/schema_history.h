#pragma once
// Every migration of the schema, oldest first: the tables as they grew, one version at a time.

#include <span>

#include "migrations/migrations.h"

namespace pigeon::db {

std::span<const Migration> schemaHistory();

}  // namespace pigeon::db
