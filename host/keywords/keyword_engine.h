#pragma once
// Every stored inbound SMS comes through here: linked to the entity whose phone matches, run
// through the keyword rules (first match wins), handed to the rule's handler, its replies
// queued, and what happened written back to the inbound row. A few worker threads do it, off
// the writer and off the providers' threads.
//
// At least once: a message stored but not yet handled when the host stopped is handled after
// the restart (one received in the last day), so a reply may, rarely, go twice.

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Logger.h>

#include "keywords/handler_context.h"
#include "keywords/keyword_rules.h"
#include "outbox/outbox.h"
#include "outbox/store_writer.h"
#include "phone/phone_normalizer.h"
#include "repositories/inbound_repository.h"

namespace pigeon::host {

// What a text would do, without doing it.
struct DryRun {
  std::optional<db::KeywordRuleRecord> rule;  // the rule that matched, if any
  std::string keyword;
  std::string rest;
  std::string from;  // as the engine understood it (E.164 when a number)
  std::optional<sdk::keyword::EntityRow> sender;
  bool optedOut = false;
  std::vector<std::string> actions;
  std::string outcome;
};

class KeywordEngine {
public:
  KeywordEngine(KeywordRules& rules, HandlerServices services, Outbox& outbox, StoreWriter& writer,
                const phone::PhoneNormalizer& phones);
  ~KeywordEngine();

  // Starts the workers and hands them what was stored but not handled. Throws db::DbError.
  void start(db::ConnectionPool& pool, int workers = 2);
  void stop();  // finishes what was taken
  // Takes committed inbound SMS (ids set). Quick and thread-safe: the writer calls it.
  void take(std::vector<db::InboundRecord> messages);
  DryRun dryRun(const std::string& text, const std::string& from, const std::string& to);

private:
  struct Handled {
    db::InboundOutcome outcome;
    std::vector<db::NewMessage> replies;
  };
  struct Run {  // one message through the rules, live or dry
    std::string from;
    std::optional<sdk::keyword::EntityRow> sender;
    const ActiveRule* rule = nullptr;
    std::optional<keywords::RuleMatch> match;
    std::optional<HandlerContext> context;
    std::string outcome;
  };
  Run run(const RuleSet& rules, const db::InboundRecord& m, bool dry);
  Handled handle(const db::InboundRecord& m);
  std::string senderNumber(const std::string& from) const;
  void work();

  KeywordRules& rules_;
  HandlerServices services_;
  Outbox& outbox_;
  StoreWriter& writer_;
  const phone::PhoneNormalizer& phones_;
  Poco::Logger& logger_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<db::InboundRecord> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace pigeon::host
