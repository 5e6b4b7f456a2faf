#include <catch2/catch.hpp>

#include <future>

#include "outbox/store_writer.h"
#include "support/test_store.h"

using namespace pigeon;

TEST_CASE("jobs posted together commit together, and a bad one fails alone", "[outbox]") {
  test::TestStore store("sqlite");
  store.database().connect()->execute("CREATE TABLE t (v INTEGER NOT NULL)", {});
  host::StoreWriter writer(store.database());
  // Queue the jobs before the writer starts, so they form one group.
  std::vector<std::future<void>> results;
  for (int i = 0; i < 5; ++i) {
    auto promise = std::make_shared<std::promise<void>>();
    results.push_back(promise->get_future());
    writer.post(
        [i](db::Connection& c) {
          if (i == 2)
            c.execute("INSERT INTO t (v) VALUES (NULL)", {});  // NOT NULL: fails
          else
            c.execute("INSERT INTO t (v) VALUES (?)", {std::int64_t{i}});
        },
        [promise](std::exception_ptr e) {
          if (e)
            promise->set_exception(e);
          else
            promise->set_value();
        });
  }
  writer.post([](db::Connection&) {},
              [](std::exception_ptr) { throw std::runtime_error("careless callback"); });
  writer.start();
  for (int i = 0; i < 5; ++i) {
    INFO("job " << i);
    if (i == 2)
      CHECK_THROWS_AS(results[i].get(), db::DbError);
    else
      CHECK_NOTHROW(results[i].get());
  }
  // The writer survived the throwing callback and still takes work.
  CHECK(writer.call<std::int64_t>([](db::Connection& c) {
    return db::asInt(c.query("SELECT COUNT(*) FROM t", {}).rows[0][0]);
  }) == 4);
  writer.stop();
}
