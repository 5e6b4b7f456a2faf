#pragma once
// CSV import of entity rows (POST /api/v1/entities/<type>/import): the file is checked up front
// (UTF-8, a header whose every column names a field), then read in the background in batches
// of 5 000 rows, each batch one transaction of multi-row INSERTs and single-row UPDATEs. A bad
// row is reported by line and column and skipped; the good ones are stored. Progress is kept
// in memory for the latest imports (a restart forgets it; the rows stored stay).

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "db/database.h"
#include "entities/entity_service.h"
#include "entities/import_batch.h"

namespace pigeon::host {

struct ImportOptions {
  ImportMode mode = ImportMode::kUpsert;
  char delimiter = 0;  // 0: guessed from the header line
};

// The options as the API's query and the admin's form name them: mode "insert" or "upsert"
// (empty: upsert), delimiter "comma", "semicolon", "tab", "pipe" or the character itself
// (empty: guessed). ApiError 400 naming the one that is neither.
ImportOptions importOptions(const std::string& mode, const std::string& delimiter);

struct ImportProgress {
  std::string id;
  std::string type;
  std::string state;  // running, done, failed
  std::size_t bytesRead = 0;
  std::size_t bytesTotal = 0;
  std::int64_t rows = 0;
  std::int64_t created = 0;
  std::int64_t updated = 0;
  std::int64_t failed = 0;
  std::vector<ImportRowError> errors;  // the first kMaxErrors, by line; a row may have several
  std::string failure;                 // why the import stopped, when state is failed
  std::int64_t startedAt = 0;
  std::int64_t finishedAt = 0;
};

class EntityImports {
public:
  static constexpr std::size_t kMaxErrors = 1000;

  EntityImports(db::Database& database, const EntityService& service);
  ~EntityImports();  // an import in progress stops after its current batch

  // ApiError 422 for a file that is not UTF-8, has no header, or a bad header; else the
  // import is queued and its first progress returned.
  ImportProgress start(const entity::EntityType& type, std::string csv,
                       const ImportOptions& options);
  std::optional<ImportProgress> find(const std::string& id) const;
  // Called on the import's thread after each batch of rows is stored (reminders look for rows
  // falling due). Set once at start-up; it must not throw.
  void onStored(std::function<void(const entity::EntityType&)> fn) { onStored_ = std::move(fn); }
  std::vector<ImportProgress> recent() const;  // newest first

private:
  struct Job;
  void run();
  void import(Job& job);
  void publish(const Job& job, const ImportProgress& p);

  db::Database& database_;
  const EntityService& service_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Job>> queue_;
  std::deque<ImportProgress> progress_;  // newest first, at most kKeptImports
  std::int64_t nextId_ = 1;
  bool stopping_ = false;
  std::function<void(const entity::EntityType&)> onStored_;
  std::thread worker_;
};

}  // namespace pigeon::host
