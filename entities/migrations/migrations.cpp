#include "migrations/migrations.h"

#include "migrations/schema_history.h"

#include <chrono>

namespace pigeon::db {

namespace {

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int currentVersion(Connection& c) {
  c.execute(c.dialect().expand("CREATE TABLE IF NOT EXISTS schema_migrations ("
                               "version INTEGER NOT NULL PRIMARY KEY, summary {text} NOT NULL,"
                               " applied_at BIGINT NOT NULL){table_options}"),
            {});
  auto rows = c.query("SELECT MAX(version) FROM schema_migrations", {});
  return rows.empty() ? 0 : static_cast<int>(asInt(rows.rows[0][0], 0));
}

}  // namespace

int latestSchemaVersion() { return schemaHistory().back().version; }

int migrate(Connection& c) {
  int version = currentVersion(c);
  for (const auto& m : schemaHistory()) {
    if (m.version <= version) continue;
    // MySQL commits DDL implicitly, so a failed migration may leave tables behind there;
    // every statement is written to fail loudly rather than half-apply silently.
    try {
      Transaction tx(c);
      if (!m.only || *m.only == c.dialect().backend())
        for (auto s = m.statements; *s; ++s) c.execute(c.dialect().expand(*s), {});
      c.execute("INSERT INTO schema_migrations (version, summary, applied_at) VALUES (?, ?, ?)",
                {std::int64_t{m.version}, std::string(m.summary), nowMs()});
      tx.commit();
    } catch (const DbError& e) {
      throw DbError("migration " + std::to_string(m.version) + " (" + m.summary +
                    ") failed: " + e.what());
    }
    version = m.version;
  }
  return version;
}

}  // namespace pigeon::db
