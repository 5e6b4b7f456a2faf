// The outbox repository, run against every store backend of this run (SQLite, MariaDB).

#include <catch2/catch.hpp>

#include <set>

#include "migrations/migrations.h"
#include "repositories/message_repository.h"
#include "repositories/transition_repository.h"
#include "support/test_store.h"

using namespace pigeon;
using db::MessageStatus;
using db::Priority;

namespace {

db::NewMessage message(const std::string& to, Priority priority = Priority::kNormal,
                       std::optional<std::string> reference = std::nullopt, std::int64_t user = 1) {
  db::NewMessage m;
  m.userId = user;
  m.to = to;
  m.body = "Привет, мир 👋";
  m.encoding = "UCS2";
  m.parts = 1;
  m.priority = priority;
  m.reference = std::move(reference);
  return m;
}

struct Fixture {
  explicit Fixture(const std::string& backend) : store(backend), c(store.database().connect()) {
    db::migrate(*c);
  }
  std::vector<db::InsertOutcome> insert(std::vector<db::NewMessage> ms, std::int64_t now = 1000) {
    db::Transaction tx(*c);
    auto out = repo.insert(*c, ms, now);
    tx.commit();
    return out;
  }
  test::TestStore store;
  std::unique_ptr<db::Connection> c;
  db::MessageRepository repo;
  db::TransitionRepository transitions;
};

}  // namespace

TEST_CASE("messages are stored with their text and a queued event", "[store]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  Fixture f(backend);
  auto out = f.insert({message("+79123456789")});
  REQUIRE(out.size() == 1);
  CHECK_FALSE(out[0].duplicate);
  auto m = f.repo.find(*f.c, out[0].id);
  REQUIRE(m);
  CHECK(m->to == "+79123456789");
  CHECK(m->body == "Привет, мир 👋");
  CHECK(m->status == MessageStatus::kQueued);
  REQUIRE(m->events.size() == 1);
  CHECK(m->events[0].status == "queued");
  CHECK_FALSE(f.repo.find(*f.c, out[0].id + 1000));
}

TEST_CASE("a reference already used by the same user returns the first message", "[store]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  Fixture f(backend);
  auto first = f.insert({message("+79123456789", Priority::kNormal, "order-1")});
  auto again = f.insert({message("+79123456789", Priority::kNormal, "order-1"),
                         message("+79123456789", Priority::kNormal, "order-1", 2)});
  CHECK(again[0].duplicate);
  CHECK(again[0].id == first[0].id);
  CHECK_FALSE(again[1].duplicate);  // another user's reference is their own
  CHECK(again[1].id != first[0].id);
  CHECK(f.repo.countByStatus(*f.c)[MessageStatus::kQueued] == 2);
}

TEST_CASE("claims take due messages of one lane under a lease, once", "[store]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  Fixture f(backend);
  f.insert({message("+79120000001", Priority::kBulk), message("+79120000002", Priority::kBulk),
            message("+79120000003", Priority::kHigh)});
  db::Transaction tx(*f.c);
  auto high = f.repo.claim(*f.c, Priority::kHigh, 10, 2000, 62000, "host-a").messages;
  REQUIRE(high.size() == 1);
  CHECK(high[0].to == "+79120000003");
  CHECK(f.repo.claim(*f.c, Priority::kHigh, 10, 2000, 62000, "host-a").messages.empty());
  // Not yet due: nothing to claim before its time, and the claim says when.
  auto early = f.repo.claim(*f.c, Priority::kBulk, 10, 500, 60500, "host-a");
  CHECK(early.messages.empty());
  CHECK_FALSE(early.more);
  CHECK(early.nextDueAt == 1000);
  auto bulk = f.repo.claim(*f.c, Priority::kBulk, 1, 2000, 62000, "host-a");
  REQUIRE(bulk.messages.size() == 1);
  CHECK(bulk.messages[0].to == "+79120000001");  // oldest first
  CHECK(bulk.more);                              // and one more is due
  tx.commit();
  CHECK(f.repo.find(*f.c, high[0].id)->status == MessageStatus::kSending);
}

TEST_CASE("transitions record the timeline and final states stay final", "[store]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  Fixture f(backend);
  auto id = f.insert({message("+79123456789")})[0].id;
  db::Transition submitted;
  submitted.id = id;
  submitted.to = MessageStatus::kSubmitted;
  submitted.provider = "sim";
  submitted.providerMessageId = "p-42";
  submitted.attemptsDelta = 1;
  CHECK(f.transitions.apply(*f.c, submitted, 3000));
  CHECK(f.transitions.applyProviderReport(*f.c, {"sim", "p-42", MessageStatus::kDelivered, ""},
                                          4000));
  CHECK_FALSE(f.transitions.applyProviderReport(
      *f.c, {"sim", "unknown", MessageStatus::kDelivered, ""}, 4000));
  CHECK_FALSE(f.transitions.applyProviderReport(
      *f.c, {"other", "p-42", MessageStatus::kDelivered, ""}, 4000));

  db::Transition late;
  late.id = id;
  late.to = MessageStatus::kFailed;
  CHECK_FALSE(f.transitions.apply(*f.c, late, 5000));  // delivered stays delivered

  auto m = f.repo.find(*f.c, id);
  CHECK(m->status == MessageStatus::kDelivered);
  CHECK(m->attempts == 1);
  CHECK(m->providerMessageId == "p-42");
  REQUIRE(m->events.size() == 3);
  CHECK(m->events[1].status == "submitted");
  CHECK(m->events[1].providerMessageId == "p-42");
  CHECK(m->events[2].status == "delivered");
  CHECK(m->events[2].at == 4000);
}

TEST_CASE("an interrupted claim is requeued and a silent provider's message expires", "[store]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  Fixture f(backend);
  auto ids = f.insert({message("+79120000001"), message("+79120000002")});
  f.repo.claim(*f.c, Priority::kNormal, 2, 2000, 62000, "host-a");
  CHECK(f.transitions.requeueLeases(*f.c, "host-b", 5, 3000) ==
        0);  // another host's lease still runs
  CHECK(f.transitions.requeueLeases(*f.c, "host-a", 5, 3000) == 2);
  auto m = f.repo.find(*f.c, ids[0].id);
  CHECK(m->status == MessageStatus::kQueued);
  CHECK(m->events.back().detail.find("may have it already") != std::string::npos);

  f.repo.claim(*f.c, Priority::kNormal, 2, 4000, 64000, "host-a");
  CHECK(f.transitions.requeueLeases(*f.c, "host-b", 5, 70000) == 2);  // host-a's lease ran out

  // With one attempt left, an interrupted send ends the message: it cannot go round for ever.
  f.repo.claim(*f.c, Priority::kNormal, 1, 75000, 135000, "host-a");
  CHECK(f.transitions.requeueLeases(*f.c, "host-a", 3, 76000) == 1);
  auto gaveUp = f.repo.find(*f.c, ids[0].id);
  CHECK(gaveUp->status == MessageStatus::kFailed);
  CHECK(gaveUp->errorCode == "no_answer");
  CHECK(gaveUp->attempts == 3);

  db::Transition submitted;
  submitted.id = ids[1].id;
  submitted.to = MessageStatus::kSubmitted;
  f.transitions.apply(*f.c, submitted, 80000);
  CHECK(f.transitions.expireUnreported(*f.c, 80000, 90000) == 0);
  CHECK(f.transitions.expireUnreported(*f.c, 80001, 90000) == 1);
  auto expired = f.repo.find(*f.c, ids[1].id);
  CHECK(expired->status == MessageStatus::kExpired);
  CHECK(expired->errorCode == "dlr_timeout");
  // A report that arrives after all still wins, and the timeline keeps the expired step.
  CHECK(f.transitions.markFinal(*f.c, MessageStatus::kDelivered, {ids[1].id}, 95000) ==
        0);  // bulk path: not from expired
  db::Transition delivered;
  delivered.id = ids[1].id;
  delivered.to = MessageStatus::kDelivered;
  CHECK(f.transitions.apply(*f.c, delivered, 95000));
  auto late = f.repo.find(*f.c, ids[1].id);
  CHECK(late->status == MessageStatus::kDelivered);
  CHECK(late->errorCode.empty());
  std::vector<std::string> steps;
  for (const auto& e : late->events) steps.push_back(e.status);
  CHECK(steps == std::vector<std::string>{"queued", "queued", "queued", "submitted", "expired",
                                          "delivered"});
}

TEST_CASE("lists filter and page with a cursor", "[store]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  Fixture f(backend);
  std::vector<db::NewMessage> ms;
  for (int i = 0; i < 7; ++i) ms.push_back(message("+7912000000" + std::to_string(i % 2)));
  auto ids = f.insert(ms, 1000);
  f.insert({message("+79129999999")}, 5000);

  db::MessageFilter all;
  all.limit = 3;
  auto page1 = f.repo.list(*f.c, all);
  REQUIRE(page1.messages.size() == 3);
  CHECK(page1.messages[0].id > page1.messages[1].id);  // newest first
  REQUIRE(page1.nextCursor);
  CHECK(*page1.nextCursor == page1.messages.back().id);
  all.beforeId = page1.nextCursor;
  auto page2 = f.repo.list(*f.c, all);
  REQUIRE(page2.messages.size() == 3);
  CHECK(page2.messages[0].id < page1.messages.back().id);
  all.beforeId = page2.nextCursor;
  auto last = f.repo.list(*f.c, all);
  CHECK(last.messages.size() == 2);
  CHECK_FALSE(last.nextCursor);

  db::MessageFilter byNumber;
  byNumber.to = "+79120000001";
  CHECK(f.repo.list(*f.c, byNumber).messages.size() == 3);
  db::MessageFilter since;
  since.since = 4000;
  auto recent = f.repo.list(*f.c, since);
  CHECK(recent.messages.size() == 1);
  CHECK_FALSE(recent.nextCursor);  // everything below the window is older than `since`
  db::MessageFilter byStatus;
  byStatus.status = MessageStatus::kDelivered;
  CHECK(f.repo.list(*f.c, byStatus).messages.empty());
  db::MessageFilter byUser;
  byUser.userId = 2;
  CHECK(f.repo.list(*f.c, byUser).messages.empty());
}

TEST_CASE("filters without an index are searched one window at a time, never missing a match",
          "[store]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  Fixture f(backend);
  std::vector<db::NewMessage> ms;
  for (int i = 0; i < 20; ++i) ms.push_back(message("+7912100000" + std::to_string(i % 10)));
  std::vector<std::int64_t> ids;
  for (const auto& o : f.insert(ms, 1000)) ids.push_back(o.id);
  // Three messages of another user, far apart: ids[2], ids[9] and ids[17].
  for (std::size_t i : {2u, 9u, 17u})
    f.c->execute("UPDATE messages SET user_id = 7 WHERE id = ?", {ids[i]});

  db::MessageFilter byUser;
  byUser.userId = 7;
  byUser.limit = 10;
  byUser.searchWindow = 5;
  std::vector<std::int64_t> found;
  int pages = 0;
  do {
    auto page = f.repo.list(*f.c, byUser);
    CHECK(page.messages.size() <= 10);
    for (const auto& m : page.messages) found.push_back(m.id);
    byUser.beforeId = page.nextCursor;
    ++pages;
  } while (byUser.beforeId && pages < 50);
  CHECK(found == std::vector<std::int64_t>{ids[17], ids[9], ids[2]});
  CHECK(pages == 4);  // 20 ids, 5 per window: the last window ends the search
}

TEST_CASE("a failed transaction leaves nothing behind", "[store]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  Fixture f(backend);
  try {
    db::Transaction tx(*f.c);
    f.repo.insert(*f.c, {message("+79123456789")}, 1000);
    f.c->execute("INSERT INTO no_such_table VALUES (1)", {});
    tx.commit();
  } catch (const db::DbError& e) {
    CHECK(std::string(e.what()).find("no_such_table") != std::string::npos);
  }
  CHECK(f.repo.countByStatus(*f.c).empty());
  CHECK(db::migrate(*f.c) == db::latestSchemaVersion());  // migrating twice changes nothing
}

TEST_CASE("bulk inserts, submits and reports keep every message its own id and data", "[store]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  Fixture f(backend);
  std::vector<db::NewMessage> ms;
  for (int i = 0; i < 700; ++i) ms.push_back(message("+7912" + std::to_string(1000000 + i)));
  ms[350].reference = "with-ref";  // one goes the single-row way, in the middle
  auto out = f.insert(ms);
  REQUIRE(out.size() == 700);
  std::set<std::int64_t> unique;
  for (std::size_t i = 0; i < out.size(); ++i) {
    unique.insert(out[i].id);
    CHECK(out[i].to == ms[i].to);
  }
  CHECK(unique.size() == 700);
  for (int i : {0, 255, 256, 349, 350, 351, 699})
    CHECK(f.repo.find(*f.c, out[i].id)->to == ms[i].to);

  db::Transaction tx(*f.c);
  auto claimed = f.repo.claim(*f.c, Priority::kNormal, 700, 2000, 62000, "host-a").messages;
  REQUIRE(claimed.size() == 700);
  std::vector<std::pair<std::int64_t, std::string>> accepted;
  for (std::size_t i = 0; i < 300; ++i)
    accepted.emplace_back(claimed[i].id, "p-" + std::to_string(claimed[i].id));
  CHECK(f.transitions.markSubmitted(*f.c, "sim", accepted, 3000) == 300);
  CHECK(f.transitions.markSubmitted(*f.c, "sim", accepted, 3000) == 0);  // already submitted
  std::vector<std::int64_t> delivered;
  for (std::size_t i = 0; i < 300; ++i) delivered.push_back(claimed[i].id);
  delivered.push_back(claimed[650].id);  // still sending: a report may come first
  CHECK(f.transitions.markFinal(*f.c, MessageStatus::kDelivered, delivered, 4000) == 301);
  CHECK(f.transitions.markFinal(*f.c, MessageStatus::kDelivered, delivered, 4000) == 0);
  tx.commit();

  auto m = f.repo.find(*f.c, claimed[257].id);
  CHECK(m->status == MessageStatus::kDelivered);
  CHECK(m->providerMessageId == "p-" + std::to_string(claimed[257].id));
  CHECK(m->attempts == 1);
  REQUIRE(m->events.size() == 3);
  CHECK(m->events[1].status == "submitted");
  CHECK(m->events[1].at == 3000);
  CHECK(m->events[2].status == "delivered");
  auto counts = f.repo.countByStatus(*f.c);
  CHECK(counts[MessageStatus::kDelivered] == 301);
  CHECK(counts[MessageStatus::kSending] == 399);
}

TEST_CASE("unsettled messages are counted by status, settled ones not at all", "[store]") {
  auto backend = GENERATE(from_range(test::storeBackends()));
  Fixture f(backend);
  f.insert({message("+79123456781"), message("+79123456782"), message("+79123456783"),
            message("+79123456784")});
  db::Transaction tx(*f.c);
  auto claimed = f.repo.claim(*f.c, Priority::kNormal, 3, 2000, 62000, "host-a");
  REQUIRE(claimed.messages.size() == 3);
  f.transitions.markSubmitted(
      *f.c, "sim", {{claimed.messages[0].id, "p-1"}, {claimed.messages[1].id, "p-2"}}, 3000);
  f.transitions.markFinal(*f.c, MessageStatus::kDelivered, {claimed.messages[0].id}, 4000);
  tx.commit();
  auto counts = f.repo.countUnsettled(*f.c);
  CHECK(counts["queued"] == 1);
  CHECK(counts["sending"] == 1);
  CHECK(counts["submitted"] == 1);
  // A delivery report still finds its message by the provider's id.
  CHECK(f.c->query("SELECT id FROM messages WHERE provider = ? AND provider_message_id = ?",
                   {std::string("sim"), std::string("p-2")})
            .size() == 1);
}

TEST_CASE("SQLite claims, lease checks and report lookups read their own partial indexes",
          "[store]") {
  Fixture f("sqlite");
  auto plan = [&](const std::string& sql, const db::Params& params) {
    std::string out;
    for (const auto& r : f.c->query("EXPLAIN QUERY PLAN " + sql, params).rows)
      out += db::asString(r[3]) + "\n";
    return out;
  };
  CHECK_THAT(plan("SELECT id FROM messages WHERE status = 'queued' AND priority = ?"
                  " ORDER BY next_attempt_at, id LIMIT ?",
                  {std::int64_t{1}, std::int64_t{10}}),
             Catch::Contains("USING INDEX messages_queued") && !Catch::Contains("TEMP B-TREE"));
  CHECK_THAT(plan("SELECT id FROM messages WHERE status = 'sending' AND (lease_owner = ? OR "
                  "lease_until < ?)",
                  {std::string("h"), std::int64_t{1}}),
             Catch::Contains("messages_leased"));
  CHECK_THAT(plan("SELECT id FROM messages WHERE status = 'submitted' AND submitted_at < ?",
                  {std::int64_t{1}}),
             Catch::Contains("messages_unreported"));
  CHECK_THAT(plan("SELECT id FROM messages WHERE provider = ? AND provider_message_id = ?",
                  {std::string("sim"), std::string("p")}),
             Catch::Contains("messages_provider_id"));
}
