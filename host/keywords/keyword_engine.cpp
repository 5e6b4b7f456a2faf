#include "keywords/keyword_engine.h"

#include <algorithm>
#include <chrono>
#include <functional>

#include "keywords/text_fold.h"
#include "outbox/clock.h"
#include "pigeon/sdk/text/sms_text.h"
#include "plugins/guarded_call.h"

namespace pigeon::host {

namespace {

// Messages a worker takes at once: their replies wait for the last of them, so few (the
// outbox and the writer merge the small batches of all workers anyway).
constexpr std::size_t kBatch = 8;
constexpr std::int64_t kRecoverWindowMs = 24 * 3600'000;  // older unhandled ones stay so
constexpr int kMaxRecovered = 10000;
constexpr std::size_t kMaxOutcome = 500;

db::NewMessage replyMessage(const std::string& to, const std::string& from,
                            const std::string& text) {
  db::NewMessage m;
  m.to = to;
  m.from = from.substr(0, 20);
  m.body = text;
  const auto analysis = sdk::text::analyzeText(text);
  m.encoding = sdk::text::encodingName(analysis.encoding);
  m.parts = analysis.parts;
  m.priority = db::Priority::kHigh;  // a customer is waiting for it
  m.tag = kKeywordReplyTag;
  return m;
}

}  // namespace

KeywordEngine::KeywordEngine(KeywordRules& rules, HandlerServices services, Outbox& outbox,
                             StoreWriter& writer, const phone::PhoneNormalizer& phones)
    : rules_(rules),
      services_(services),
      outbox_(outbox),
      writer_(writer),
      phones_(phones),
      logger_(Poco::Logger::get("keywords")) {}

KeywordEngine::~KeywordEngine() { stop(); }

void KeywordEngine::start(db::ConnectionPool& pool, int workers) {
  std::vector<db::InboundRecord> left;
  {
    auto c = pool.acquire();
    left = db::InboundRepository().unhandled(*c, nowMs() - kRecoverWindowMs, kMaxRecovered);
  }
  if (!left.empty())
    logger_.information("handling %z inbound SMS stored before the restart", left.size());
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
    for (int i = 0; i < std::max(1, workers); ++i) lanes_.push_back(std::make_unique<Lane>());
  }
  for (auto& lane : lanes_) lane->worker = std::thread([this, l = lane.get()] { work(*l); });
  take(std::move(left));
}

void KeywordEngine::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  for (auto& lane : lanes_) lane->wake.notify_all();
  for (auto& lane : lanes_)
    if (lane->worker.joinable()) lane->worker.join();
  std::lock_guard lock(mutex_);
  lanes_.clear();
}

void KeywordEngine::take(std::vector<db::InboundRecord> messages) {
  if (messages.empty()) return;
  std::lock_guard lock(mutex_);
  if (lanes_.empty() || stopping_) {
    // Stored and not handled: the next start takes them from the store.
    logger_.information("%z inbound SMS left for the next start", messages.size());
    return;
  }
  std::vector<bool> woken(lanes_.size());
  for (auto& m : messages) {
    const auto i = std::hash<std::string>{}(m.from) % lanes_.size();
    lanes_[i]->queue.push_back({std::move(m), 0});
    woken[i] = true;
  }
  for (std::size_t i = 0; i < lanes_.size(); ++i)
    if (woken[i]) lanes_[i]->wake.notify_one();
}

void KeywordEngine::limitReplies(Lane& lane, Handled& h, std::int64_t now) {
  if (h.replies.empty()) return;
  const auto& to = h.replies.front().to;  // every reply goes to the one sender
  constexpr std::int64_t kWindowMs = 10 * 60'000;
  if (lane.recentReplies.size() > 10000)  // now and then, forget numbers that went quiet
    std::erase_if(lane.recentReplies,
                  [&](const auto& entry) { return entry.second.back() < now - kWindowMs; });
  auto& sent = lane.recentReplies[std::string(to)];
  while (!sent.empty() && sent.front() < now - kWindowMs) sent.pop_front();
  const auto room = kMaxRepliesPerSender - std::min(sent.size(), kMaxRepliesPerSender);
  if (h.replies.size() > room) {
    h.replies.resize(room);
    h.outcome.outcome += "; reply held back: " + std::to_string(kMaxRepliesPerSender) +
                         " replies to this number in ten minutes already";
  }
  for (std::size_t i = 0; i < h.replies.size(); ++i) sent.push_back(now);
}

void KeywordEngine::work(Lane& lane) {
  for (;;) {
    std::vector<Pending> batch;
    {
      std::unique_lock lock(mutex_);
      for (;;) {
        const auto now = nowMs();
        while (!lane.delayed.empty() && lane.delayed.begin()->first <= now) {
          lane.queue.push_back(std::move(lane.delayed.begin()->second));
          lane.delayed.erase(lane.delayed.begin());
        }
        if (!lane.queue.empty() || stopping_) break;
        if (lane.delayed.empty())
          lane.wake.wait(lock);
        else
          lane.wake.wait_for(lock, std::chrono::milliseconds(lane.delayed.begin()->first - now));
      }
      if (lane.queue.empty()) return;  // stopping, and everything due was handled
      while (!lane.queue.empty() && batch.size() < kBatch) {
        batch.push_back(std::move(lane.queue.front()));
        lane.queue.pop_front();
      }
    }
    std::vector<db::InboundOutcome> outcomes;
    std::vector<std::pair<std::int64_t, Pending>> retries;
    const auto now = nowMs();
    for (auto& p : batch) {
      auto h = handle(p.message);
      if (h.retry && p.attempts + 1 < kMaxAttempts) {
        const auto delay = std::int64_t{1000} << p.attempts;
        ++p.attempts;
        retries.emplace_back(now + delay, std::move(p));
        continue;
      }
      limitReplies(lane, h, now);
      outcomes.push_back(std::move(h.outcome));
      // Each message's replies are queued as soon as it is handled, not when its batch is:
      // the outbox merges what is pending into one writer job, so this costs no extra commit.
      if (!h.replies.empty())
        outbox_.enqueueAsync(std::move(h.replies),
                             [this](std::vector<db::InsertOutcome>, std::exception_ptr error) {
                               if (error) logger_.error("could not queue keyword replies");
                             });
    }
    if (!retries.empty()) {
      std::lock_guard lock(mutex_);
      for (auto& [due, p] : retries) lane.delayed.emplace(due, std::move(p));
    }
    if (outcomes.empty()) continue;
    writer_.post([outcomes = std::move(outcomes)](
                     db::Connection& c) { db::InboundRepository().markHandled(c, outcomes); },
                 [this](std::exception_ptr error) {
                   if (error) logger_.warning("could not record what became of inbound SMS");
                 });
  }
}

std::string KeywordEngine::senderNumber(const std::string& from) const {
  auto n = phones_.normalize(from);
  if (n.ok) return n.e164;
  // SMPP peers often send international numbers without the '+'.
  const bool digits = !from.empty() && std::all_of(from.begin(), from.end(),
                                                   [](char ch) { return ch >= '0' && ch <= '9'; });
  if (digits) {
    n = phones_.normalize("+" + from);
    if (n.ok) return n.e164;
  }
  return from;
}

KeywordEngine::Run KeywordEngine::run(const RuleSet& rules, const db::InboundRecord& m,
                                      std::string from, bool dry) {
  Run r;
  r.from = std::move(from);
  std::optional<SenderRecord> found;
  if (!r.from.empty() && r.from.front() == '+') {
    found = services_.entities.findByPhone(r.from);
    if (found) r.sender = entityRow(*found->first, found->second);
  }
  r.match = rules.matcher.match(m.body, m.to);
  if (!r.match) {
    r.outcome = "no keyword rule matched";
    return r;
  }
  r.rule = &rules.rules.at(rules.matchable.at(r.match->index));
  sdk::keyword::InboundText text{m.id,         r.from,           m.to,          m.body,
                                 m.receivedAt, r.match->keyword, r.match->rest, r.match->restWords};
  r.context.emplace(services_, std::move(text), r.sender, std::move(found), dry);
  auto& handler = *r.rule->handler;
  auto& context = *r.context;
  auto result = guardedCall(r.rule->record.handler,
                            [&]() -> sdk::Result<std::string> { return handler.handle(context); });
  r.outcome = result ? result.value()
                     : std::string("failed (") + sdk::statusCodeName(result.status().code()) +
                           "): " + result.status().message();
  r.temporaryFailure = !result && result.status().code() == sdk::StatusCode::kTemporary;
  return r;
}

KeywordEngine::Handled KeywordEngine::handle(const db::InboundRecord& m) {
  Handled h;
  h.outcome.id = m.id;
  try {
    // Whose inbox it lands in, looked up before any handler acts: a store failure here is
    // retried with nothing done twice, and the SMS reaches the inbox even if its handler fails.
    auto from = senderNumber(m.from);
    if (inboxOwner_) h.outcome.userId = inboxOwner_(m.to, from);
    if (intercept_)
      if (auto reply = intercept_(from, m.body)) {
        h.outcome.outcome = keywords::utf8Prefix("staff alert: " + *reply, kMaxOutcome);
        h.replies.push_back(replyMessage(from, m.to, *reply));
        h.outcome.handledAt = nowMs();
        return h;
      }
    const auto rules = rules_.current();  // r.rule points into it
    auto r = run(*rules, m, std::move(from), false);
    h.retry = r.temporaryFailure;
    h.outcome.outcome = keywords::utf8Prefix(r.outcome, kMaxOutcome);
    if (r.sender) {
      h.outcome.entityType = r.sender->type;
      h.outcome.entityId = r.sender->id;
    }
    if (r.rule) h.outcome.ruleId = r.rule->record.id;
    if (r.context && !r.context->replies().empty()) {
      if (r.from.empty() || r.from.front() != '+')
        h.outcome.outcome += "; no reply: the sender is not a phone number";
      else
        for (const auto& text : r.context->replies())
          h.replies.push_back(replyMessage(r.from, m.to, text));
    }
  } catch (const std::exception& e) {
    h.retry = true;  // the store failed (the sender's row, the rules): worth another try
    h.outcome.outcome = keywords::utf8Prefix(std::string("not handled: ") + e.what(), kMaxOutcome);
    logger_.error("inbound SMS %Ld not handled: %s", static_cast<long long>(m.id),
                  std::string(e.what()));
  }
  h.outcome.handledAt = nowMs();
  return h;
}

DryRun KeywordEngine::dryRun(const std::string& text, const std::string& from,
                             const std::string& to) {
  db::InboundRecord m;
  m.from = from;
  m.to = to;
  m.body = text;
  m.receivedAt = nowMs();
  const auto rules = rules_.current();
  auto r = run(*rules, m, senderNumber(from), true);
  DryRun out;
  if (r.rule) out.rule = r.rule->record;
  if (r.match) {
    out.keyword = r.match->keyword;
    out.rest = r.match->rest;
  }
  out.from = r.from;
  out.sender = r.sender;
  out.optedOut = services_.consent.optedOut(r.from);
  if (r.context) out.actions = r.context->actions();
  out.outcome = r.outcome;
  return out;
}

}  // namespace pigeon::host
