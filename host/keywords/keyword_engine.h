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
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <Poco/Logger.h>

#include "keywords/handler_context.h"
#include "keywords/keyword_rules.h"
#include "outbox/outbox.h"
#include "outbox/store_writer.h"
#include "phone/phone_normalizer.h"
#include "repositories/inbound_repository.h"

namespace pigeon::host {

// The tag of the engine's replies, reserved: the API refuses it, the dispatcher lets such a
// message reach an opted-out number.
inline constexpr const char* kKeywordReplyTag = "keyword";

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
  // Workers wait on the store more than they compute: more of them than cores pays on MariaDB.
  void start(db::ConnectionPool& pool, int workers = 4);
  void stop();  // finishes what was taken; retries still waiting are left to the next start
  // Takes committed inbound SMS (ids set). Quick and thread-safe: the writer calls it.
  void take(std::vector<db::InboundRecord> messages);
  DryRun dryRun(const std::string& text, const std::string& from, const std::string& to);
  // Whose inbox an SMS from `from` to `to` lands in (a user id, 0 for nobody's). Set before
  // start().
  void routeInbox(std::function<std::int64_t(const std::string& to, const std::string& from)> fn) {
    inboxOwner_ = std::move(fn);
  }
  // Answers an SMS before any keyword rule looks at it (a staff member's "ACK 17"): the text
  // to reply, or nothing to leave it to the rules. Set once at start-up; a store failure it
  // throws is tried again like the rules' own.
  using Interceptor =
      std::function<std::optional<std::string>(const std::string& from, const std::string& body)>;
  void interceptWith(Interceptor fn) { intercept_ = std::move(fn); }

  // A store or handler failure that may pass is tried again this often, 1 s, 2 s, 4 s...
  static constexpr int kMaxAttempts = 5;
  // A number gets at most this many replies in ten minutes: two auto-responders must not
  // talk to each other for ever at the operator's cost.
  static constexpr std::size_t kMaxRepliesPerSender = 5;

private:
  struct Pending {
    db::InboundRecord message;
    int attempts = 0;
  };
  // One sender's messages always go to the same lane, so they are handled in order (a STOP
  // and then a START leave the number opted in).
  struct Lane {
    std::deque<Pending> queue;
    std::multimap<std::int64_t, Pending> delayed;  // retries, by when they are due
    std::unordered_map<std::string, std::deque<std::int64_t>> recentReplies;  // worker only
    std::condition_variable wake;
    std::thread worker;
  };
  struct Handled {
    db::InboundOutcome outcome;
    std::vector<db::NewMessage> replies;
    bool retry = false;  // failed in a way that may pass: not recorded, tried again
  };
  struct Run {  // one message through the rules, live or dry
    std::string from;
    std::optional<sdk::keyword::EntityRow> sender;
    const ActiveRule* rule = nullptr;
    std::optional<keywords::RuleMatch> match;
    std::optional<HandlerContext> context;
    std::string outcome;
    bool temporaryFailure = false;
  };
  // `from` is the sender as senderNumber() reads m.from.
  Run run(const RuleSet& rules, const db::InboundRecord& m, std::string from, bool dry);
  Handled handle(const db::InboundRecord& m);
  std::string senderNumber(const std::string& from) const;
  // Keeps the replies within kMaxRepliesPerSender; says so in the outcome when it drops some.
  void limitReplies(Lane& lane, Handled& h, std::int64_t now);
  void work(Lane& lane);

  KeywordRules& rules_;
  HandlerServices services_;
  Outbox& outbox_;
  StoreWriter& writer_;
  const phone::PhoneNormalizer& phones_;
  Poco::Logger& logger_;
  std::mutex mutex_;  // guards the lanes' queues and stopping_
  std::vector<std::unique_ptr<Lane>> lanes_;
  bool stopping_ = false;
  std::function<std::int64_t(const std::string&, const std::string&)> inboxOwner_;
  Interceptor intercept_;
};

}  // namespace pigeon::host
