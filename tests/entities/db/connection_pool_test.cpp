#include <catch2/catch.hpp>

#include "db/connection_pool.h"
#include "support/test_store.h"

using namespace pigeon;

namespace {
// A TEMP table lives in one SQLite connection only: it tells connections apart.
bool seesMarker(db::Connection& c) {
  return !c.query("SELECT name FROM sqlite_temp_master WHERE name = 'marker'", {}).empty();
}
}  // namespace

TEST_CASE("the pool reuses idle connections and closes one an exception went through", "[db]") {
  test::TestStore store("sqlite");
  db::ConnectionPool pool(store.database(), 4);
  {
    auto lease = pool.acquire();
    lease->execute("CREATE TEMP TABLE marker (x INTEGER)", {});
  }
  {
    auto lease = pool.acquire();
    CHECK(seesMarker(*lease));  // the same connection, reused
  }
  try {
    auto lease = pool.acquire();
    lease->query("SELECT no_such_column", {});
  } catch (const db::DbError&) {
  }
  auto lease = pool.acquire();
  CHECK_FALSE(seesMarker(*lease));  // the one that failed was closed, a new one opened
}
