// Inbound SMS in the store, against every backend of this run: a batch inserted at once keeps
// each row's id with its row, and a batch's outcomes land on the right rows.

#include <catch2/catch.hpp>

#include <map>

#include "migrations/migrations.h"
#include "repositories/inbound_repository.h"
#include "support/test_store.h"

using namespace pigeon;

TEST_CASE("a batch of inbound SMS keeps each row's id and outcome", "[store][inbound]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  test::TestStore store(backend);
  auto c = store.database().connect();
  db::migrate(*c);
  db::InboundRepository repo;

  std::vector<db::InboundRecord> batch;
  for (int i = 0; i < 5; ++i) {
    db::InboundRecord m;
    m.instance = "sim";
    m.from = "+7912345670" + std::to_string(i);
    m.to = "+79001112233";
    m.body = "text " + std::to_string(i) + " ✓";
    m.receivedAt = 1000 + i;
    if (i == 2) m.providerMessageId = "p-2";
    batch.push_back(m);
  }
  std::vector<std::int64_t> ids;
  {
    db::Transaction tx(*c);
    repo.insertAll(*c, {batch.front()});  // one alone, then a batch after it
    ids = repo.insertAll(*c, batch);
    tx.commit();
  }
  REQUIRE(ids.size() == 5);
  std::map<std::int64_t, db::InboundRecord> stored;
  for (auto& m : repo.list(*c, {})) stored[m.id] = m;
  REQUIRE(stored.size() == 6);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    INFO("row " << i);
    REQUIRE(stored.count(ids[i]));
    CHECK(stored[ids[i]].body == batch[i].body);
    CHECK(stored[ids[i]].from == batch[i].from);
  }
  CHECK(stored[ids[2]].providerMessageId == "p-2");

  std::vector<db::InboundOutcome> outcomes;
  for (std::size_t i = 0; i < 3; ++i) {
    db::InboundOutcome o;
    o.id = ids[i * 2];
    o.entityType = i == 1 ? "" : "contact";
    o.entityId = i == 1 ? 0 : static_cast<std::int64_t>(40 + i);
    o.outcome = "outcome " + std::to_string(i);
    o.handledAt = 5000 + static_cast<std::int64_t>(i);
    outcomes.push_back(o);
  }
  {
    db::Transaction tx(*c);
    repo.markHandled(*c, outcomes);
    tx.commit();
  }
  stored.clear();
  for (auto& m : repo.list(*c, {})) stored[m.id] = m;
  CHECK(stored[ids[0]].entityType == "contact");
  CHECK(stored[ids[0]].entityId == 40);
  CHECK(stored[ids[0]].outcome == "outcome 0");
  CHECK(stored[ids[0]].handledAt == 5000);
  CHECK(stored[ids[2]].entityType.empty());
  CHECK(stored[ids[2]].entityId == 0);
  CHECK(stored[ids[2]].outcome == "outcome 1");
  CHECK(stored[ids[4]].handledAt == 5002);
  CHECK(stored[ids[1]].handledAt == 0);  // not in the batch: untouched
  CHECK(stored[ids[3]].outcome.empty());
  CHECK(repo.unhandled(*c, 0, 10).size() == 3);  // ids[1], ids[3] and the one alone
}
