#include <catch2/catch.hpp>

#include "migrations/migrations.h"
#include "repositories/user_repository.h"
#include "support/test_store.h"

using namespace pigeon;

TEST_CASE("users and API keys round-trip, names are unique, revoked keys do not match", "[store]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  test::TestStore store(backend);
  auto c = store.database().connect();
  db::migrate(*c);
  db::UserRepository users;
  CHECK(users.count(*c) == 0);
  auto id = users.create(*c, "ops", "$argon2id$hash", {"send_single", "view_single"}, 1);
  auto found = users.findByName(*c, "ops");
  REQUIRE(found);
  CHECK(found->id == id);
  CHECK(found->rights == std::vector<std::string>{"send_single", "view_single"});
  CHECK_FALSE(users.findByName(*c, "OPS"));
  CHECK_THROWS_AS(users.create(*c, "ops", "x", {}, 2), db::DbError);

  auto key = users.addApiKey(*c, id, "hash-1", "ci", 3);
  CHECK(users.findByApiKeyHash(*c, "hash-1")->name == "ops");
  c->execute("UPDATE api_keys SET revoked_at = 4 WHERE id = ?", {key});
  CHECK_FALSE(users.findByApiKeyHash(*c, "hash-1"));
}
