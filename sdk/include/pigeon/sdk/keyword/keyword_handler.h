#pragma once
// A keyword handler: what an inbound SMS does once a keyword rule matched it ("STOP" opts the
// sender out, "BALANCE" answers with the account's balance). The host finds the sender's
// entity, picks the rule, and offers the handler a KeywordContext for the rest.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pigeon/sdk/host_context.h"
#include "pigeon/sdk/result.h"

namespace pigeon::sdk::keyword {

// The inbound SMS and how the rule matched it.
struct InboundText {
  std::int64_t id = 0;  // the stored inbound message; 0 in a dry run
  std::string from;     // E.164 when it is a number, else as the provider gave it
  std::string to;       // the number or short code it was sent to
  std::string text;     // as sent
  std::int64_t receivedAtMs = 0;
  std::string keyword;                 // the rule's keyword that matched, as the rule spells it
  std::string rest;                    // the text without the keyword
  std::vector<std::string> restWords;  // `rest` split at the rule's separators
};

// An entity row with every field as text, the way the API shows it ("12.50", "2026-12-05").
// An empty value is an empty field.
struct EntityRow {
  std::string type;
  std::int64_t id = 0;
  std::map<std::string, std::string> fields;
};

// Rows of one type: every `equals` holds, and `atLeastField` >= `atLeastValue` when given
// (dates and datetimes as ISO 8601 text), ordered by `orderBy` (ascending; id when empty).
struct EntityQuery {
  std::string type;
  std::vector<std::pair<std::string, std::string>> equals;
  std::string atLeastField;
  std::string atLeastValue;
  std::string orderBy;
  int limit = 1;
};

// What the host offers one handler call. Valid only during that call. No call throws.
// In a dry run ("what would this text do") reads are real, and changes and replies are
// recorded and shown instead of made.
class KeywordContext {
public:
  virtual ~KeywordContext() = default;

  virtual const InboundText& message() const noexcept = 0;
  // The entity whose phone field holds the sender's number (a contact before a lead, an
  // account or a user; the newest row of that type), if any.
  virtual const std::optional<EntityRow>& sender() const noexcept = 0;
  virtual bool dryRun() const noexcept = 0;
  // The form keywords are compared in: case folded, look-alike letters of other scripts
  // (Cyrillic 'С', 'Т') made one, digits of any script made ASCII. Compare fold(a) == fold(b).
  virtual std::string fold(std::string_view word) const noexcept = 0;

  // Queues an SMS back to the sender, from the number they wrote to.
  virtual Status reply(const std::string& text) noexcept = 0;
  // The consent ledger: whether the sender's number takes messages, and changing it. The
  // host records who (this message), when and how.
  virtual bool optedOut() const noexcept = 0;
  virtual Status setOptedOut(bool optedOut) noexcept = 0;

  // A saved template (by name) rendered for a row of its entity type.
  virtual Result<std::string> render(const std::string& templateName, const std::string& type,
                                     std::int64_t id) noexcept = 0;
  virtual Result<std::vector<EntityRow>> find(const EntityQuery& query) noexcept = 0;
  // Fields by name, values as text; a reference is the referred row's id. Checked like the
  // API's input: a bad value fails naming the field.
  virtual Result<std::int64_t> create(
      const std::string& type, const std::map<std::string, std::string>& fields) noexcept = 0;
  virtual Status update(const std::string& type, std::int64_t id,
                        const std::map<std::string, std::string>& fields) noexcept = 0;
  virtual void log(LogLevel level, std::string_view text) noexcept = 0;
  // A one-time code of `digits` digits for the sender and `purpose`, valid `ttlSeconds`,
  // which the CRM verifies at /api/v1/codes/verify. The host keeps only its hash. Fails
  // (throttled) when the number had five codes in the last hour. In a dry run: '#'s.
  virtual Result<std::string> issueCode(const std::string& purpose, int digits,
                                        int ttlSeconds) noexcept = 0;
};

class KeywordHandler {
public:
  virtual ~KeywordHandler() = default;
  // Handles one matched SMS. Returns what it did in a few words ("opted out", "case 12
  // created"), shown in the inbox and the dry run, or a failed Status saying why not. May be
  // called from several threads at once. MUST NOT throw.
  virtual Result<std::string> handle(KeywordContext& context) noexcept = 0;
};

}  // namespace pigeon::sdk::keyword
