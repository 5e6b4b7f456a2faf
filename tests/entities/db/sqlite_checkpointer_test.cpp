#include <catch2/catch.hpp>

#include <filesystem>

#include "db/sqlite_checkpointer.h"
#include "db/sqlite_connection.h"
#include "support/temp_dir.h"

using namespace pigeon;

namespace {

constexpr std::uintmax_t kPageSize = 4096;

// Commits `rows` rows of 3 KB, one transaction each: a page of its own per row, and two WAL
// frames per commit (the row's page and the table's root).
void writeRows(db::Connection& c, int rows) {
  for (int i = 0; i < rows; ++i) {
    db::Transaction tx(c);
    c.execute("INSERT INTO t (body) VALUES (?)", {std::string(3000, 'x')});
    tx.commit();
  }
}

// A store of one table `t` in a fresh folder, its connection reporting to a checkpointer with
// the given limits.
struct Store {
  explicit Store(db::CheckpointLimits limits)
      : path(dir.file("store.db")),
        checkpointer(std::make_shared<db::SqliteCheckpointer>(path, limits)),
        c(std::make_unique<db::SqliteConnection>(path, db::SqliteOptions{}, checkpointer)) {
    c->execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)", {});
  }
  std::int64_t rows() { return db::asInt(c->query("SELECT COUNT(*) FROM t", {}).rows[0][0]); }

  test::TempDir dir;
  std::string path;
  std::shared_ptr<db::SqliteCheckpointer> checkpointer;
  std::unique_ptr<db::SqliteConnection> c;
};

}  // namespace

TEST_CASE("commits leave checkpoints to the checkpointer's thread", "[db]") {
  // Past SQLite's own threshold (1 000 pages) and below the checkpointer's: no checkpoint may
  // run, so the WAL holds every frame written.
  Store s(db::CheckpointLimits{100000, 200000});
  writeRows(*s.c, 1500);
  CHECK(s.checkpointer->checkpoints() == 0);
  // SQLite's own checkpoint would have rewound the WAL at 1 000 frames.
  CHECK(std::filesystem::file_size(s.path + "-wal") > 2500 * kPageSize);
  CHECK(s.rows() == 1500);
}

TEST_CASE("the checkpointer copies the WAL once enough frames wait", "[db]") {
  Store s(db::CheckpointLimits{50, 400});
  writeRows(*s.c, 20);
  CHECK(s.checkpointer->checkpoints() == 0);  // about 40 frames wait: below 50
  CHECK(std::filesystem::file_size(s.path) < 5 * kPageSize);
  writeRows(*s.c, 30);
  REQUIRE(s.checkpointer->waitForCheckpoints(1, std::chrono::seconds(10)));
  // The checkpoint started with at least 50 frames, of well over ten rows of a page each: they
  // are in the database file itself now.
  CHECK(std::filesystem::file_size(s.path) >= 10 * kPageSize);
  CHECK(s.rows() == 50);
}
