#pragma once
// What a keyword handler sees during one call (sdk::keyword::KeywordContext): the message,
// the sender's row, and the host's services behind Status values. Live, changes are made and
// replies collected for the engine to queue; in a dry run they are only written down.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <Poco/Logger.h>

#include "entities/entity_service.h"
#include "keywords/consent_registry.h"
#include "keywords/one_time_codes.h"
#include "pigeon/sdk/keyword/keyword_handler.h"
#include "templates/template_service.h"

namespace pigeon::host {

struct HandlerServices {
  ConsentRegistry& consent;
  EntityService& entities;
  TemplateService& templates;
  OneTimeCodes& codes;
};

// A stored row with every field as the API shows it, for a plugin.
sdk::keyword::EntityRow entityRow(const entity::EntityType& type,
                                  const entity::EntityRecord& record);

// The sender's stored row as read for the message (its type and values).
using SenderRecord = std::pair<const entity::EntityType*, entity::EntityRecord>;

class HandlerContext final : public sdk::keyword::KeywordContext {
public:
  // `sender` is `senderRecord` as a plugin sees it; the record spares a template rendered on
  // the sender a second read of the row.
  HandlerContext(HandlerServices services, sdk::keyword::InboundText message,
                 std::optional<sdk::keyword::EntityRow> sender,
                 std::optional<SenderRecord> senderRecord, bool dryRun);

  const sdk::keyword::InboundText& message() const noexcept override { return message_; }
  const std::optional<sdk::keyword::EntityRow>& sender() const noexcept override { return sender_; }
  bool dryRun() const noexcept override { return dryRun_; }
  std::string fold(std::string_view word) const noexcept override;
  sdk::Status reply(const std::string& text) noexcept override;
  bool optedOut() const noexcept override;
  sdk::Status setOptedOut(bool optedOut) noexcept override;
  sdk::Result<std::string> render(const std::string& templateName, const std::string& type,
                                  std::int64_t id) noexcept override;
  sdk::Result<std::vector<sdk::keyword::EntityRow>> find(
      const sdk::keyword::EntityQuery& query) noexcept override;
  sdk::Result<std::int64_t> create(
      const std::string& type, const std::map<std::string, std::string>& fields) noexcept override;
  sdk::Status update(const std::string& type, std::int64_t id,
                     const std::map<std::string, std::string>& fields) noexcept override;
  void log(sdk::LogLevel level, std::string_view text) noexcept override;
  sdk::Result<std::string> issueCode(const std::string& purpose, int digits,
                                     int ttlSeconds) noexcept override;

  const std::vector<std::string>& replies() const { return replies_; }
  // What the handler did (or, in a dry run, would do), one line each.
  const std::vector<std::string>& actions() const { return actions_; }

private:
  HandlerServices services_;
  sdk::keyword::InboundText message_;
  std::optional<sdk::keyword::EntityRow> sender_;
  std::optional<SenderRecord> senderRecord_;  // dropped once a handler changes the row
  bool dryRun_;
  std::optional<bool> dryOptedOut_;  // a dry run's setOptedOut, for later optedOut() calls
  std::vector<std::string> replies_;
  std::vector<std::string> actions_;
  Poco::Logger& logger_;
};

}  // namespace pigeon::host
